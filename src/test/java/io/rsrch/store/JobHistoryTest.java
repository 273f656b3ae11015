package io.rsrch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rsrch.job.FailureReason;
import io.rsrch.job.Job;
import io.rsrch.job.JobFailure;
import io.rsrch.job.JobOwner;
import io.rsrch.job.JobStatus;
import io.rsrch.job.JobType;
import io.rsrch.job.Lease;
import io.rsrch.job.NewJob;
import io.rsrch.job.Report;
import io.rsrch.job.Source;
import io.rsrch.testing.FalkorDbServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

class JobHistoryTest {

    private static final String HOSTILE = "quote \" backslash \\ '}) MATCH (n) DETACH DELETE n //";

    private static FalkorDbServer falkordb;
    private static JedisPooled redis;
    private Graph working;
    private Graph history;
    private FalkorJobStore store;
    private long submittedAt = 1000L;

    @BeforeAll
    static void startFalkorDb() throws Exception {
        falkordb = FalkorDbServer.start();
        redis = new JedisPooled("127.0.0.1", falkordb.port());
    }

    @AfterAll
    static void stopFalkorDb() {
        redis.close();
        falkordb.close();
    }

    /** Every test works on graphs of its own. */
    @BeforeEach
    void freshGraphs() {
        working = new Graph(redis, "work-" + UUID.randomUUID());
        history = working.sibling(working.name() + FalkorJobStore.HISTORY_SUFFIX);
        store = new FalkorJobStore(working);
        store.prepare();
    }

    private Job created(String query) {
        return store.create(
                new NewJob(
                        UUID.randomUUID().toString(),
                        JobType.DEEP_RESEARCH,
                        Map.of("query", query),
                        "session-a",
                        3,
                        null),
                submittedAt++);
    }

    private Job completed(String query, Report report) {
        Job job = created(query);
        store.claim(job.id(), 1, "worker", "token-" + job.id(), 9000L, 2000L);
        store.complete(new Lease(job.id(), 1, "token-" + job.id(), 9000L), report, "pod-0", 3000L);
        return job;
    }

    private static long count(Graph graph, String pattern) {
        List<Map<String, Object>> rows =
                graph.read("MATCH " + pattern + " RETURN count(*) AS n", Map.of());
        return ((Number) rows.get(0).get("n")).longValue();
    }

    @Test
    void finishedJobsMoveWithTheirReportsAndReadExactlyAsBefore() {
        String shared = "https://example.org/shared";
        Report report =
                new Report(
                        "Title " + HOSTILE,
                        "# Heading\n" + HOSTILE + "\nü 😀",
                        List.of(
                                new Source(shared, "Shared"),
                                new Source("https://b.example/x", "B")),
                        1234L);
        Job done = completed("done", report);
        Job alsoCiting =
                completed("also", new Report("t", "m", List.of(new Source(shared, "Shared")), 5L));
        Job failed = created("failed");
        store.fail(
                failed.id(),
                1,
                JobStatus.QUEUED,
                null,
                null,
                new JobFailure(FailureReason.INVALID_SPEC, "bad"),
                2500L);
        Job cancelled = created("cancelled");
        store.cancel(cancelled.id(), "user asked", 2600L);
        Job queued = created("queued");
        Job running = created("running");
        store.claim(running.id(), 1, "worker", "run-token", 9000L, 2000L);
        List<String> ids =
                List.of(
                        done.id(),
                        alsoCiting.id(),
                        failed.id(),
                        cancelled.id(),
                        queued.id(),
                        running.id());
        List<Optional<Job>> before = ids.stream().map(store::find).toList();
        List<Job> listedBefore = store.list(10);
        List<Job> completedBefore = store.list(JobStatus.COMPLETED, 10);

        int moved = store.moveFinishedToHistory(100);

        assertThat(moved).isEqualTo(4);
        assertThat(ids.stream().map(store::find).toList()).isEqualTo(before);
        assertThat(store.report(done.id())).contains(report);
        assertThat(store.jobsCiting(shared)).containsExactlyInAnyOrder(done.id(), alsoCiting.id());
        assertThat(store.list(10)).isEqualTo(listedBefore);
        assertThat(store.list(JobStatus.COMPLETED, 10)).isEqualTo(completedBefore);
        assertThat(
                        store.committedBy(
                                new Lease(done.id(), 1, "token-" + done.id(), 0),
                                JobStatus.COMPLETED))
                .isTrue();
        assertThat(count(working, "(j:Job)")).isEqualTo(2);
        assertThat(count(working, "(r:Report)")).isZero();
        assertThat(count(working, "(s:Source)")).isZero();
        assertThat(count(history, "(j:Job)")).isEqualTo(4);
        assertThat(count(history, "(s:Source {url: 'https://example.org/shared'})")).isEqualTo(1);
        assertThat(count(history, "(:Job)-[:BELONGS_TO]->(:Session {id: 'session-a'})"))
                .isEqualTo(4);
    }

    @Test
    void noPropertyOfAJobIsLostOnTheWay() {
        Job job =
                store.create(
                        new NewJob(
                                UUID.randomUUID().toString(),
                                JobType.DEEP_RESEARCH,
                                Map.of("query", "every property"),
                                "session-b",
                                3,
                                99_000L,
                                "pool-x",
                                new JobOwner("team", "research-1", "uid-1")),
                        1000L);
        store.markDispatched(job.id(), 1, "windmill-1", 1100L);
        store.claim(job.id(), 1, "worker", "first", 9000L, 2000L);
        store.requeue(
                job.id(),
                1,
                JobStatus.PROCESSING,
                "first",
                null,
                new JobFailure(FailureReason.BROWSER_CRASHED, "crashed"),
                2500L,
                2400L);
        store.claim(job.id(), 2, "worker", "second", 9000L, 3000L);
        store.renew(new Lease(job.id(), 2, "second", 9000L), 12_000L, 3500L);
        store.complete(
                new Lease(job.id(), 2, "second", 12_000L),
                new Report("t", "m", List.of(new Source("https://c.example", "C")), 9L),
                "pod-1",
                4000L);
        Set<String> keysBefore = keys(working, job.id());

        store.moveFinishedToHistory(10);

        assertThat(keys(history, job.id())).isEqualTo(keysBefore).contains("leaseToken", "uid");
        assertThat(store.find(job.id()).orElseThrow().owner())
                .isEqualTo(new JobOwner("team", "research-1", "uid-1"));
    }

    /** The property names of one job; FalkorDB answers a list as its printed form. */
    private static Set<String> keys(Graph graph, String id) {
        String printed =
                (String)
                        graph.read("MATCH (j:Job {id: $id}) RETURN keys(j) AS k", Map.of("id", id))
                                .get(0)
                                .get("k");
        return new TreeSet<>(Arrays.asList(printed.replaceAll("[\\[\\] ]", "").split(",")));
    }

    @Test
    void resubmittingAMovedJobAnswersItInsteadOfRunningItAgain() {
        Job done = completed("once", new Report("t", "m", List.of(), 1L));
        store.moveFinishedToHistory(10);

        Job again =
                store.create(
                        new NewJob(
                                done.id(),
                                JobType.DEEP_RESEARCH,
                                Map.of("query", "a different query"),
                                "session-a",
                                3,
                                null),
                        5000L);

        assertThat(again.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(again.params()).containsEntry("query", "once");
        assertThat(count(working, "(j:Job)")).isZero();
        assertThat(count(history, "(j:Job)")).isEqualTo(1);
    }

    @Test
    void aJobStoredBeforeTheIdRegistryIsNotCreatedAgainOnceMoved() {
        String id = UUID.randomUUID().toString();
        working.query(
                "MERGE (s:Session {id: 'old'}) CREATE (j:Job {id: $id, type: 'deep-research',"
                        + " status: 'failed', attempt: 1, maxAttempts: 1, params: '{}',"
                        + " sessionId: 'old', createdAt: 1, updatedAt: 2})-[:BELONGS_TO]->(s)",
                Map.of("id", id));
        store.moveFinishedToHistory(10);

        Job again =
                store.create(
                        new NewJob(id, JobType.DEEP_RESEARCH, Map.of("query", "q"), "old", 1, null),
                        5000L);

        assertThat(again.status()).isEqualTo(JobStatus.FAILED);
        assertThat(count(working, "(j:Job)")).isZero();
    }

    @Test
    void aMoveCutShortAfterTheCopyIsFinishedByTheNextOne() {
        Job done =
                completed(
                        "cut short",
                        new Report("t", "m", List.of(new Source("https://d.example", "D")), 1L));
        JobHistory move = new JobHistory(working);
        move.copy(move.finished(10));

        assertThat(store.find(done.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(store.list(10)).extracting(Job::id).containsExactly(done.id());

        int moved = store.moveFinishedToHistory(10);

        assertThat(moved).isEqualTo(1);
        assertThat(count(history, "(j:Job)")).isEqualTo(1);
        assertThat(count(history, "(r:Report)")).isEqualTo(1);
        assertThat(count(history, "()-[c:CITES]->()")).isEqualTo(1);
        assertThat(count(working, "(n)")).isZero();
    }

    @Test
    void movesRunningSideBySideStoreEveryJobOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(completed("side " + i, new Report("t", "m", List.of(), 1L)).id());
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<Integer>> movers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            movers.add(
                    threads.submit(
                            () -> {
                                int total = 0;
                                int moved;
                                while ((moved = store.moveFinishedToHistory(7)) > 0) {
                                    total += moved;
                                }
                                return total;
                            }));
        }
        for (Future<Integer> mover : movers) {
            mover.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(count(history, "(j:Job)")).isEqualTo(40);
        assertThat(count(history, "(r:Report)")).isEqualTo(40);
        assertThat(count(working, "(j:Job)")).isZero();
        assertThat(store.list(JobStatus.COMPLETED, 100))
                .extracting(Job::id)
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void longReportsMoveWholeAcrossSeveralQueries() {
        String long1 = "a".repeat(3_000_000) + HOSTILE;
        String long2 = "b".repeat(3_000_000) + "ü";
        Job one = completed("long one", new Report("one", long1, List.of(), 1L));
        Job two = completed("long two", new Report("two", long2, List.of(), 1L));

        store.moveFinishedToHistory(10);

        assertThat(count(working, "(j:Job)")).isZero();
        assertThat(store.report(one.id()).orElseThrow().markdown()).isEqualTo(long1);
        assertThat(store.report(two.id()).orElseThrow().markdown()).isEqualTo(long2);
    }
}
