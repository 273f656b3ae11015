package io.rsrch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.capability.CapabilityConfig;
import io.rsrch.job.Job;
import io.rsrch.job.JobStatus;
import io.rsrch.job.RetryBackoff;
import io.rsrch.local.LocalMode;
import io.rsrch.local.LocalSettings;
import io.rsrch.store.StoreUnavailableException;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.Http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * FalkorDB killed and started again under a running {@code rsrch local}, with its append-only file:
 * no job is lost or set back, and the unfinished ones carry on.
 */
class FalkorDbRestartTest {

    private static final String TOKEN = "faults-internal-token-0123456789";

    private FalkorDbServer falkordb;
    private LocalMode local;
    private Http api;

    @BeforeEach
    void start() throws Exception {
        falkordb = FalkorDbServer.startDurable();
        // One tab and one worker: a job submitted while another runs stays queued.
        CapabilityConfig capability =
                CapabilityConfig.defaults(TOKEN, "sandbox").withPort(0).withTabs(1);
        local =
                LocalMode.start(
                        new LocalSettings(
                                falkordb.url(),
                                "rsrch",
                                "127.0.0.1",
                                0,
                                capability,
                                1,
                                2,
                                Duration.ofSeconds(3),
                                Duration.ofSeconds(60),
                                new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)),
                                Duration.ofMillis(200)));
        api = new Http("http://127.0.0.1:" + local.apiPort());
    }

    @AfterEach
    void stop() {
        local.close();
        falkordb.close();
    }

    @Test
    void everyJobKeepsItsStateAcrossARestartAndTheUnfinishedOnesComplete() throws Exception {
        String completed = submit("A question answered before the restart");
        awaitStatus(completed, JobStatus.COMPLETED);
        String failed = submit("A question for a signed-out browser [sandbox signin]");
        awaitStatus(failed, JobStatus.FAILED);
        String running = submit("A question running across the restart [sandbox delay=8s]");
        awaitStatus(running, JobStatus.PROCESSING);
        String waiting = submit("A question waiting for the only tab");
        String cancelled = submit("A question cancelled while it waited");
        assertThat(api.post("/jobs/" + cancelled + "/cancel", "{}").status()).isEqualTo(200);
        Map<String, Job> before = jobsById();
        assertThat(statuses(before, completed, failed, running, waiting, cancelled))
                .containsExactly(
                        JobStatus.COMPLETED,
                        JobStatus.FAILED,
                        JobStatus.PROCESSING,
                        JobStatus.QUEUED,
                        JobStatus.CANCELLED);

        falkordb.kill();
        long killedAt = System.currentTimeMillis();
        Http.Answer healthWhileDown = api.get("/health");
        String lateQuery = "A question submitted while FalkorDB was down";
        Http.Answer submittedWhileDown =
                api.post("/deep-research/start", Map.of("query", lateQuery));
        falkordb.restart();
        long restartedAt = System.currentTimeMillis();
        Map<String, Job> after = jobsById();

        assertThat(healthWhileDown.status()).isEqualTo(503);
        assertThat(healthWhileDown.body().path("falkordb").path("reachable").asBoolean()).isFalse();
        assertThat(submittedWhileDown.status()).isEqualTo(503);
        assertThat(submittedWhileDown.body().path("success").asBoolean()).isFalse();
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
        for (String id : before.keySet()) {
            assertKeptOrMovedOnAfterTheRestart(
                    before.get(id), after.get(id), killedAt, restartedAt);
        }
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(
                        () ->
                                api.get("/health")
                                        .body()
                                        .path("falkordb")
                                        .path("reachable")
                                        .asBoolean());
        assertThat(api.get("/health").status()).isEqualTo(200);

        String resubmitted = submit(lateQuery);
        for (String id : List.of(running, waiting, resubmitted)) {
            awaitStatus(id, JobStatus.COMPLETED);
            assertThat(local.store().report(id).orElseThrow().markdown())
                    .contains(local.store().find(id).orElseThrow().query());
        }
        Map<String, Job> end = jobsById();
        for (String id : List.of(completed, failed, cancelled)) {
            assertThat(kept(end.get(id))).isEqualTo(kept(before.get(id)));
        }
        assertThat(end.values().stream().filter(job -> lateQuery.equals(job.query()))).hasSize(1);
    }

    /**
     * A finished job must come back exactly as it was. An unfinished one must come back as it was,
     * or show a later state written after FalkorDB returned (or in the instant before the kill,
     * after the snapshot): never an earlier state, and never a change dated inside the outage.
     */
    private static void assertKeptOrMovedOnAfterTheRestart(
            Job before, Job after, long killedAt, long restartedAt) {
        if (before.status().isFinal() || kept(after).equals(kept(before))) {
            assertThat(kept(after)).as(before.id()).isEqualTo(kept(before));
            return;
        }
        boolean later =
                after.attempt() > before.attempt()
                        || (after.attempt() == before.attempt()
                                && rank(after.status()) > rank(before.status()));
        assertThat(later).as("%s moved from %s to %s", before.id(), before, after).isTrue();
        assertThat(after.updatedAt() <= killedAt || after.updatedAt() >= restartedAt)
                .as("%s changed while FalkorDB was down", before.id())
                .isTrue();
    }

    /** Order of the states within one attempt. */
    private static int rank(JobStatus status) {
        return switch (status) {
            case QUEUED -> 0;
            case PROCESSING -> 1;
            default -> 2;
        };
    }

    /** What a job must keep across the restart; lease renewals change nothing here. */
    private static List<Object> kept(Job job) {
        return List.of(
                job.status(),
                job.attempt(),
                Objects.toString(job.failure() == null ? null : job.failure().reason()),
                Objects.toString(job.reportTitle()),
                Objects.toString(job.completedAt()),
                job.query());
    }

    private static List<JobStatus> statuses(Map<String, Job> jobs, String... ids) {
        return Arrays.stream(ids).map(id -> jobs.get(id).status()).toList();
    }

    private Map<String, Job> jobsById() {
        List<Job> jobs =
                await().atMost(Duration.ofSeconds(30))
                        .ignoreExceptionsInstanceOf(StoreUnavailableException.class)
                        .until(() -> local.store().list(100), Objects::nonNull);
        Map<String, Job> byId = new LinkedHashMap<>();
        jobs.forEach(job -> byId.put(job.id(), job));
        return byId;
    }

    private void awaitStatus(String id, JobStatus status) {
        await().atMost(Duration.ofSeconds(90))
                .ignoreExceptionsInstanceOf(StoreUnavailableException.class)
                .until(() -> local.store().find(id).orElseThrow().status() == status);
    }

    private String submit(String query) {
        Http.Answer answer = api.post("/deep-research/start", Map.of("query", query));
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body().path("jobId").asText();
    }
}
