package io.rsrch.windmill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

class AttemptIdsTest {

    /** Values computed independently (Python's uuid.uuid5 with NAMESPACE_URL). */
    @ParameterizedTest
    @CsvSource({
        "job-7f3a, 1, f31b945f-c84e-53f2-a3e6-e60c2ce4e2c1",
        "job-7f3a, 2, 3e8fd37e-e607-5139-acce-ccb8c0ecb8ec",
        "3f6c1d2e-9b7a-4c1e-8f00-5d2a1b3c4e5f, 1, 88b5e828-069c-57a4-ae1f-55bc613e3527"
    })
    void anAttemptAlwaysGetsTheSameVersion5WindmillJobId(String jobId, int attempt, String id) {
        UUID derived = AttemptIds.windmillJobId(jobId, attempt);

        assertThat(derived).isEqualTo(UUID.fromString(id));
        assertThat(derived.version()).isEqualTo(5);
    }
}
