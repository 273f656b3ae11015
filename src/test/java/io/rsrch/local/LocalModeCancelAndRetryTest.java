package io.rsrch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.job.FailureReason;
import io.rsrch.job.Job;
import io.rsrch.job.JobStatus;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.Http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

/** Cancelling a running job through the api, and the back-off limit ending a job for good. */
class LocalModeCancelAndRetryTest {

    private static FalkorDbServer falkordb;
    private static LocalMode local;
    private static Http api;
    private static Http capability;

    @BeforeAll
    static void start() throws Exception {
        falkordb = FalkorDbServer.start();
        local =
                LocalMode.start(
                        LocalModeFixture.settings(falkordb.url(), 2, 2, 1, Duration.ofSeconds(8)));
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

    private static Job job(String id) {
        return local.store().find(id).orElseThrow();
    }

    private static String submit(String query) {
        return api.post("/deep-research/start", Map.of("query", query))
                .body()
                .path("jobId")
                .asText();
    }

    @Test
    void cancellingARunningJobThroughTheApiStopsItsAttemptAndFreesTheTab() {
        String id = submit("cancel me while running [sandbox delay=30s]");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(id).status() == JobStatus.PROCESSING);

        Http.Answer cancelled = api.post("/jobs/" + id + "/cancel", "{}");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(job(id).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job(id).failure().reason()).isEqualTo(FailureReason.CANCELLED);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !capability.get("/internal/tabs").body().toString().contains(id));
        assertThat(local.store().report(id)).isEmpty();
    }

    @Test
    void aRetryableFailureOnEveryAttemptEndsWithBackoffLimitExceeded() {
        String id = submit("never done [sandbox never-finish]");
        await().atMost(Duration.ofSeconds(60)).until(() -> job(id).attempt() == 2);
        // Attempt 2 runs for its full 8 s before it times out too.
        JsonNode retrying = api.get("/deep-research/status/" + id).body();

        await().atMost(Duration.ofSeconds(90)).until(() -> job(id).status().isFinal());

        Job done = job(id);
        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(done.failure().reason()).isEqualTo(FailureReason.BACKOFF_LIMIT_EXCEEDED);
        assertThat(done.failure().message()).contains("Timeout");
        assertThat(local.store().report(id)).isEmpty();
        assertThat(retrying.path("status").asText()).isIn("queued", "running");
        assertThat(retrying.has("error")).isFalse();
        assertThat(retrying.path("previousAttempt").path("attempt").asInt()).isEqualTo(1);
        assertThat(retrying.path("previousAttempt").path("reason").asText()).isEqualTo("Timeout");
        JsonNode failed = api.get("/deep-research/status/" + id).body();
        assertThat(failed.path("reason").asText()).isEqualTo("BackoffLimitExceeded");
        assertThat(failed.has("previousAttempt")).isFalse();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> capability.get("/internal/tabs").body().path("busy").asInt() == 0);
    }
}
