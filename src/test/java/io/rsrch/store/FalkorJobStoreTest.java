package io.rsrch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rsrch.job.FailureReason;
import io.rsrch.job.Job;
import io.rsrch.job.JobFailure;
import io.rsrch.job.JobStatus;
import io.rsrch.job.JobType;
import io.rsrch.job.Lease;
import io.rsrch.job.NewJob;
import io.rsrch.job.Report;
import io.rsrch.job.Source;
import io.rsrch.testing.FalkorDbServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

class FalkorJobStoreTest {

    private static final String HOSTILE =
            "He said \"stop\" \\ then '}) MATCH (n) DETACH DELETE n //{$x}\n\ttab ü 😀 \\\" end\\";

    private static FalkorDbServer falkordb;
    private static FalkorJobStore store;
    private static Graph graph;

    @BeforeAll
    static void startFalkorDb() throws Exception {
        falkordb = FalkorDbServer.start();
        graph = new Graph(new JedisPooled("127.0.0.1", falkordb.port()), "rsrch");
        store = new FalkorJobStore(graph);
        store.prepare();
        store.prepare();
    }

    @AfterAll
    static void stopFalkorDb() {
        falkordb.close();
    }

    private static Job newJob(String query) {
        return store.create(
                new NewJob(
                        UUID.randomUUID().toString(),
                        JobType.DEEP_RESEARCH,
                        Map.of("query", query),
                        "session-a",
                        2,
                        null),
                1000L);
    }

    @Test
    void hostileQueryTextIsStoredAndReadBackByteForByte() {
        Job created = newJob(HOSTILE);

        Job found = store.find(created.id()).orElseThrow();

        assertThat(found.query()).isEqualTo(HOSTILE);
        assertThat(found.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(found.attempt()).isEqualTo(1);
        assertThat(found.sessionId()).isEqualTo("session-a");
        assertThat(store.list(1000)).extracting(Job::id).contains(created.id());
    }

    @Test
    void creatingTheSameIdTwiceKeepsTheFirstJob() {
        Job first = newJob("first");

        Job again =
                store.create(
                        new NewJob(
                                first.id(),
                                JobType.DEEP_RESEARCH,
                                Map.of("query", "second"),
                                "other",
                                5,
                                null),
                        2000L);

        assertThat(again.query()).isEqualTo("first");
        assertThat(again.createdAt()).isEqualTo(1000L);
    }

    @Test
    void concurrentCreatesOfOneIdStoreOneJobAndAnswerItToEveryone() throws Exception {
        String id = UUID.randomUUID().toString();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<Job>> answers = new ArrayList<>();
        for (int n = 0; n < 16; n++) {
            long now = 5000L + n;
            answers.add(
                    callers.submit(
                            () ->
                                    store.create(
                                            new NewJob(
                                                    id,
                                                    JobType.DEEP_RESEARCH,
                                                    Map.of("query", "once"),
                                                    "session-b",
                                                    2,
                                                    null),
                                            now)));
        }
        Set<Long> createdAt = new HashSet<>();
        for (Future<Job> answer : answers) {
            createdAt.add(answer.get(30, TimeUnit.SECONDS).createdAt());
        }
        callers.shutdown();

        assertThat(createdAt).hasSize(1);
        assertThat(graph.read("MATCH (j:Job {id: $id}) RETURN count(j) AS n", Map.of("id", id)))
                .extracting(row -> ((Number) row.get("n")).intValue())
                .containsExactly(1);
        assertThat(
                        graph.read(
                                "MATCH (:Job {id: $id})-[b:BELONGS_TO]->() RETURN count(b) AS n",
                                Map.of("id", id)))
                .extracting(row -> ((Number) row.get("n")).intValue())
                .containsExactly(1);
    }

    @Test
    void onlyOneClaimWinsAnAttempt() {
        Job job = newJob("claim me");

        Optional<Job> first = store.claim(job.id(), 1, "worker-a", "token-a", 9000L, 2000L);
        Optional<Job> second = store.claim(job.id(), 1, "worker-b", "token-b", 9000L, 2000L);

        assertThat(first).map(Job::status).contains(JobStatus.PROCESSING);
        assertThat(second).isEmpty();
        assertThat(store.reclaim(job.id(), 1, "worker-a", 9500L, 2100L)).contains("token-a");
        assertThat(store.reclaim(job.id(), 1, "worker-b", 9500L, 2100L)).isEmpty();
    }

    @Test
    void completionStoresTheReportAndSharesSourcesBetweenJobs() {
        Job one = newJob("one");
        Job two = newJob("two");
        String shared = "https://example.org/shared/" + UUID.randomUUID();
        store.claim(one.id(), 1, "w", "t1", 9000L, 2000L);
        store.claim(two.id(), 1, "w", "t2", 9000L, 2000L);
        Report report =
                new Report(
                        "Title \"" + HOSTILE,
                        "# Heading\n" + HOSTILE,
                        List.of(
                                new Source(shared, "Shared"),
                                new Source("https://b.example/x", "B")),
                        1234L);

        store.complete(new Lease(one.id(), 1, "t1", 9000L), report, "pod-0", 3000L);
        store.complete(
                new Lease(two.id(), 1, "t2", 9000L),
                new Report("t", "m", List.of(new Source(shared, "Shared")), 5L),
                "pod-1",
                3000L);

        Report stored = store.report(one.id()).orElseThrow();
        assertThat(stored).isEqualTo(report);
        Job done = store.find(one.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.completedAt()).isEqualTo(3000L);
        assertThat(done.sourceCount()).isEqualTo(2);
        assertThat(done.capabilityPod()).isEqualTo("pod-0");
        assertThat(store.jobsCiting(shared)).containsExactlyInAnyOrder(one.id(), two.id());
    }

    @Test
    void aCommitWithAStaleTokenChangesNothing() {
        Job job = newJob("stale");
        store.claim(job.id(), 1, "w", "right", 9000L, 2000L);
        Lease stale = new Lease(job.id(), 1, "wrong", 9000L);

        Optional<Job> completed = store.complete(stale, new Report("t", "m", List.of(), 1), "p", 3);
        boolean renewed = store.renew(stale, 10_000L, 3000L);
        Optional<Job> failed =
                store.fail(
                        job.id(),
                        1,
                        JobStatus.PROCESSING,
                        "wrong",
                        null,
                        new JobFailure(FailureReason.SITE_ERROR, "x"),
                        3000L);

        assertThat(completed).isEmpty();
        assertThat(renewed).isFalse();
        assertThat(failed).isEmpty();
        assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(store.report(job.id())).isEmpty();
    }

    @Test
    void anExpiredLeaseIsFoundAndRequeuedAsTheNextAttempt() {
        Job job = newJob("expire");
        store.claim(job.id(), 1, "w", "t", 5000L, 2000L);

        List<Job> expired = store.findExpiredLeases(6000L, 1000);
        Optional<Job> requeued =
                store.requeue(
                        job.id(),
                        1,
                        JobStatus.PROCESSING,
                        null,
                        6000L,
                        new JobFailure(FailureReason.LEASE_EXPIRED, "gone"),
                        7000L,
                        6000L);

        assertThat(expired).extracting(Job::id).contains(job.id());
        assertThat(requeued).isPresent();
        assertThat(requeued.get().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(requeued.get().attempt()).isEqualTo(2);
        assertThat(requeued.get().notBefore()).isEqualTo(7000L);
        assertThat(store.renew(new Lease(job.id(), 1, "t", 0), 99_000L, 6000L)).isFalse();
    }

    @Test
    void aRenewedLeaseIsNotTakenBackBySupervision() {
        Job job = newJob("renewed");
        store.claim(job.id(), 1, "w", "t", 5000L, 2000L);
        store.renew(new Lease(job.id(), 1, "t", 5000L), 20_000L, 4000L);

        Optional<Job> requeued =
                store.requeue(
                        job.id(),
                        1,
                        JobStatus.PROCESSING,
                        null,
                        6000L,
                        new JobFailure(FailureReason.LEASE_EXPIRED, "gone"),
                        7000L,
                        6000L);

        assertThat(requeued).isEmpty();
    }

    @Test
    void cancellingAFinishedJobChangesNothing() {
        Job job = newJob("cancel");

        Optional<Job> cancelled = store.cancel(job.id(), "user asked", 2000L);
        Optional<Job> again = store.cancel(job.id(), "again", 3000L);

        assertThat(cancelled).map(Job::status).contains(JobStatus.CANCELLED);
        assertThat(cancelled.get().failure().reason()).isEqualTo(FailureReason.CANCELLED);
        assertThat(again).isEmpty();
    }
}
