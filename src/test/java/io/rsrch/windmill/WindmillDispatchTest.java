package io.rsrch.windmill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rsrch.job.FailureReason;
import io.rsrch.job.Job;
import io.rsrch.job.JobStatus;
import io.rsrch.testing.Http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

class WindmillDispatchTest {

    private static WindmillStack stack;
    private static Http api;

    @BeforeAll
    static void start() throws Exception {
        stack = new WindmillStack();
        api = new Http(stack.apiUrl());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String submit(String query) {
        return api.post("/deep-research/start", Map.of("query", query))
                .body()
                .path("jobId")
                .asText();
    }

    private static Job job(String id) {
        return stack.store.find(id).orElseThrow();
    }

    @Test
    void aJobStartedOverRestRunsAsAWindmillJobOfTheWorkerScriptAndCompletes() {
        String id = submit("windmill question {one}");

        await().atMost(Duration.ofSeconds(90)).until(() -> job(id).status().isFinal());

        Job done = job(id);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.dispatchRef()).isEqualTo(AttemptIds.windmillJobId(id, 1).toString());
        assertThat(stack.store.report(id).orElseThrow().markdown())
                .contains("windmill question {one}");
        FakeWindmill.Run run =
                stack.windmill.runs().stream()
                        .filter(r -> r.id.equals(done.dispatchRef()))
                        .findFirst()
                        .orElseThrow();
        assertThat(run.scriptPath).isEqualTo(WindmillDispatcher.WORKER_SCRIPT);
        assertThat(run.args.path("jobId").asText()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> run.completed);
        assertThat(run.success).isTrue();
        assertThat(run.result.path("outcome").asText()).isEqualTo("completed");
        assertThat(run.output).doesNotContain(WindmillStack.TOKEN);
    }

    @Test
    void triggeringTheSameAttemptTwiceStartsOneWindmillJob() {
        String id = submit("asked twice");
        await().atMost(Duration.ofSeconds(30)).until(() -> job(id).dispatchRef() != null);

        String again =
                stack.dispatcher.dispatch(
                        job(id).status() == JobStatus.QUEUED ? job(id) : withAttempt(job(id), 1));

        assertThat(again).isEqualTo(AttemptIds.windmillJobId(id, 1).toString());
        await().atMost(Duration.ofSeconds(90)).until(() -> job(id).status().isFinal());
        assertThat(job(id).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job(id).attempt()).isEqualTo(1);
        assertThat(
                        stack.windmill.runs().stream()
                                .filter(r -> r.args.path("jobId").asText().equals(id)))
                .hasSize(1);
    }

    @Test
    void aWindmillJobThatDiesWithoutCommittingIsRetriedAsANewAttempt() {
        String id = submit("dies once [sandbox delay=4s]");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(id).status() == JobStatus.PROCESSING);

        stack.windmill.killWorker(AttemptIds.windmillJobId(id, 1).toString());

        await().atMost(Duration.ofSeconds(90)).until(() -> job(id).status().isFinal());
        Job done = job(id);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(done.dispatchRef()).isEqualTo(AttemptIds.windmillJobId(id, 2).toString());
        assertThat(stack.store.report(id).orElseThrow().markdown()).contains("dies once");
    }

    @Test
    void aWindmillOutageLeavesTheJobQueuedUntilWindmillIsBack() {
        stack.windmill.setDown(true);
        String id;
        try {
            id = submit("during an outage");
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> job(id).status() == JobStatus.QUEUED);
            assertThat(job(id).dispatchRef()).isNull();
        } finally {
            stack.windmill.setDown(false);
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> job(id).status().isFinal());
        assertThat(job(id).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job(id).attempt()).isEqualTo(1);
    }

    @Test
    void windmillErrorsNeverCarryTheToken() {
        WindmillClient wrong =
                new WindmillClient(
                        new WindmillSettings(
                                stack.windmill.url(), FakeWindmill.WORKSPACE, "secret-xyz", null));

        assertThatThrownBy(() -> wrong.getJob(UUID.randomUUID()))
                .isInstanceOf(WindmillException.class)
                .hasMessageContaining("401")
                .hasMessageNotContaining("secret-xyz");
        assertThat(new WindmillSettings("http://w", "ws", "secret-xyz", null).toString())
                .doesNotContain("secret-xyz");
        assertThat(FailureReason.WORKER_LOST.retryable()).isTrue();
    }

    private static Job withAttempt(Job job, int attempt) {
        return new Job(
                job.id(),
                job.type(),
                job.status(),
                attempt,
                job.maxAttempts(),
                job.params(),
                job.sessionId(),
                job.failure(),
                job.leaseExpiresAt(),
                job.notBefore(),
                job.deadlineAt(),
                job.createdAt(),
                job.startedAt(),
                job.completedAt(),
                job.updatedAt(),
                job.capabilityPod(),
                job.reportTitle(),
                job.sourceCount(),
                job.pool(),
                job.owner(),
                job.dispatchedAttempt(),
                job.dispatchRef());
    }
}
