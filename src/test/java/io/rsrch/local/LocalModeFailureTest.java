package io.rsrch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.job.Job;
import io.rsrch.job.JobStatus;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.Http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

class LocalModeFailureTest {

    private static FalkorDbServer falkordb;
    private static LocalMode local;
    private static Http api;
    private static Http capability;

    @BeforeAll
    static void start() throws Exception {
        falkordb = FalkorDbServer.start();
        local =
                LocalMode.start(
                        LocalModeFixture.settings(falkordb.url(), 2, 2, 0, Duration.ofSeconds(15)));
        api = new Http("http://127.0.0.1:" + local.apiPort());
        capability =
                new Http("http://127.0.0.1:" + local.capabilityPort())
                        .withBearer(LocalModeFixture.TOKEN);
    }

    @AfterAll
    static void stop() {
        local.close();
        falkordb.close();
    }

    @ParameterizedTest(name = "{0} fails the job with {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "[sandbox signin]                    | AuthRequired            | sign in",
                "[sandbox no-deep-research]          | DeepResearchUnavailable | Deep Research",
                "[sandbox error=\"quota exceeded\"]  | SiteError               | quota exceeded",
                "[sandbox never-finish]              | BackoffLimitExceeded    | Timeout"
            })
    void aSiteFailureEndsTheJobFailedWithAReasonAndNoReport(
            String directive, String reason, String messagePart) {
        String jobId =
                api.post("/deep-research/start", Map.of("query", "a question " + directive))
                        .body()
                        .path("jobId")
                        .asText();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> local.store().find(jobId).orElseThrow().status().isFinal());

        Job job = local.store().find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.failure().reason().wireName()).isEqualTo(reason);
        assertThat(job.failure().message()).containsIgnoringCase(messagePart);
        assertThat(local.store().report(jobId)).isEmpty();
        JsonNode result = api.get("/deep-research/result/" + jobId).body();
        assertThat(result.path("success").asBoolean(true)).isFalse();
        assertThat(result.path("status").asText()).isEqualTo("failed");
        assertThat(result.path("reason").asText()).isEqualTo(reason);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> capability.get("/internal/tabs").body().path("busy").asInt() == 0);
    }
}
