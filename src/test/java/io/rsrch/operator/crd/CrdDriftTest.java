package io.rsrch.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Proves the committed CRD YAML is exactly what the Java model generates today. */
class CrdDriftTest {

    @Test
    void committedCrdsMatchTheModel(@TempDir Path generated) throws IOException {
        // given
        CrdFiles.generate(generated);

        // when / then
        for (String name : CrdFiles.NAMES) {
            String fresh = Files.readString(generated.resolve(name));
            for (Path directory : CrdFiles.committedDirectories()) {
                Path committed = directory.resolve(name);
                assertThat(committed)
                        .withFailMessage(
                                "%s is missing; refresh the CRDs with: %s",
                                committed, CrdFiles.REFRESH)
                        .exists();
                assertThat(Files.readString(committed))
                        .withFailMessage(
                                "%s differs from the CRD the Java model generates; refresh the"
                                        + " CRDs with: %s",
                                committed, CrdFiles.REFRESH)
                        .isEqualTo(fresh);
            }
        }
    }

    @Test
    void generatorWritesExactlyTheTwoCrds(@TempDir Path generated) throws IOException {
        // given / when
        CrdFiles.generate(generated);

        // then
        try (var files = Files.list(generated)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(CrdFiles.NAMES);
        }
    }
}
