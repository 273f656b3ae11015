package io.rsrch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.capability.CapabilityConfig;
import io.rsrch.capability.CapabilityServer;
import io.rsrch.job.Job;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.JobStatus;
import io.rsrch.job.JobType;
import io.rsrch.job.NewJob;
import io.rsrch.job.RetryBackoff;
import io.rsrch.store.FalkorDbConnection;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.Http;
import io.rsrch.worker.CapabilityClient;
import io.rsrch.worker.CapabilityLocator;
import io.rsrch.worker.LocalWorker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The same attempt carried out twice under one claimant identity, as when Windmill restarts a job
 * under the same UUID while the first run still works on it.
 */
class DuplicateAttemptTest {

    private static final String TOKEN = "faults-internal-token-0123456789";

    private static FalkorDbServer falkordb;
    private static CapabilityServer capability;
    private static Http internal;

    private final List<Graph> graphs = new ArrayList<>();
    private final ExecutorService runs = Executors.newFixedThreadPool(2);
    private CommitCountingStore firstStore;
    private CommitCountingStore secondStore;
    private LocalWorker first;
    private LocalWorker second;

    @BeforeAll
    static void startServers() throws Exception {
        falkordb = FalkorDbServer.start();
        capability =
                CapabilityServer.start(
                        CapabilityConfig.defaults(TOKEN, "sandbox").withPort(0).withTabs(2));
        internal = new Http("http://127.0.0.1:" + capability.port()).withBearer(TOKEN);
    }

    @AfterAll
    static void stopServers() {
        capability.close();
        falkordb.close();
    }

    /** Two workers as two processes would have them: own connection, lifecycle and client. */
    @BeforeEach
    void startWorkers() {
        firstStore = new CommitCountingStore(openStore());
        secondStore = new CommitCountingStore(openStore());
        first = workerOn(firstStore);
        second = workerOn(secondStore);
        internal.post("/sandbox/stats/reset", "{}");
    }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        runs.shutdownNow();
        runs.awaitTermination(10, TimeUnit.SECONDS);
        first.close();
        second.close();
        graphs.forEach(Graph::close);
    }

    @Test
    void aSecondRunOfTheAttemptInFlightJoinsItsCallAndCommitsNothingNew() throws Exception {
        Job job = submit("Asked twice, answered once [sandbox delay=4s]");

        Future<?> firstRun = runs.submit(() -> first.run(job));
        await().atMost(Duration.ofSeconds(60)).until(() -> holdsATab(job.id()));
        Future<?> secondRun = runs.submit(() -> second.run(job));
        firstRun.get(90, TimeUnit.SECONDS);
        secondRun.get(90, TimeUnit.SECONDS);

        assertOneCompletedAttemptWithOneReport(job);
        int presented = firstStore.presented() + secondStore.presented();
        int repeated = firstStore.repeated() + secondStore.repeated();
        assertThat(firstStore.applied() + secondStore.applied()).isEqualTo(1);
        assertThat(repeated).isEqualTo(presented - 1);
        JsonNode stats = internal.get("/sandbox/stats").body();
        assertThat(stats.path("prompts").asInt()).isEqualTo(1);
        assertThat(stats.path("clobbers").asInt()).isZero();
        assertThat(internal.get("/internal/tabs").body().path("maxBusy").asInt()).isEqualTo(1);
    }

    @Test
    void aRunOfAnAttemptThatAlreadyCommittedDoesNothing() throws Exception {
        Job job = submit("Asked again after the answer");
        runs.submit(() -> first.run(job)).get(90, TimeUnit.SECONDS);

        runs.submit(() -> second.run(job)).get(90, TimeUnit.SECONDS);

        assertOneCompletedAttemptWithOneReport(job);
        assertThat(firstStore.applied()).isEqualTo(1);
        assertThat(secondStore.presented()).isZero();
        assertThat(internal.get("/sandbox/stats").body().path("prompts").asInt()).isEqualTo(1);
    }

    private void assertOneCompletedAttemptWithOneReport(Job job) {
        Job done = firstStore.find(job.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.attempt()).isEqualTo(1);
        List<Map<String, Object>> reports =
                graphs.get(0)
                        .read(
                                "MATCH (:Job {id: $id})-[:PRODUCED]->(r:Report)"
                                        + " RETURN r.attempt AS attempt, r.markdown AS markdown",
                                Map.of("id", job.id()));
        assertThat(reports).hasSize(1);
        assertThat(((Number) reports.get(0).get("attempt")).intValue()).isEqualTo(1);
        assertThat((String) reports.get(0).get("markdown")).contains(job.query());
    }

    private Job submit(String query) {
        Job queued =
                lifecycleOn(firstStore)
                        .submit(
                                new NewJob(
                                        UUID.randomUUID().toString(),
                                        JobType.DEEP_RESEARCH,
                                        Map.of("query", query),
                                        "duplicates",
                                        3,
                                        null));
        assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
        return queued;
    }

    private boolean holdsATab(String jobId) {
        for (JsonNode tab : internal.get("/internal/tabs").body().path("tabs")) {
            if (jobId.equals(tab.path("jobId").asText())) {
                return true;
            }
        }
        return false;
    }

    private FalkorJobStore openStore() {
        Graph graph = FalkorDbConnection.open(falkordb.url(), "rsrch");
        graphs.add(graph);
        FalkorJobStore store = new FalkorJobStore(graph);
        store.prepare();
        return store;
    }

    private LocalWorker workerOn(CommitCountingStore store) {
        CapabilityClient client =
                new CapabilityClient("http://127.0.0.1:" + capability.port(), TOKEN);
        return new LocalWorker(
                lifecycleOn(store), CapabilityLocator.fixed(client), Duration.ofSeconds(60));
    }

    private static JobLifecycle lifecycleOn(CommitCountingStore store) {
        return new JobLifecycle(
                store,
                Clock.systemUTC(),
                Duration.ofSeconds(10),
                new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)));
    }
}
