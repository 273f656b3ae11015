package io.rsrch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.capability.CapabilityConfig;
import io.rsrch.capability.CapabilityServer;
import io.rsrch.testing.CapabilityProcess;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.Http;
import io.rsrch.worker.CapabilityRing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two hundred jobs submitted at once over REST to two capabilities of two tabs each, reached
 * through a {@link CapabilityRing} by six local workers; then the same with one capability killed
 * (SIGKILL) halfway. The capability that dies runs as a process of its own, so killing it is what a
 * crash would be.
 */
class LoadTest {

    private static final String TOKEN = "faults-internal-token-0123456789";
    private static final int JOBS = 200;
    private static final int TABS_PER_CAPABILITY = 2;
    private static final int CLIENTS = 4;
    private static final int WORKERS = 6;
    private static final Pattern MARK = Pattern.compile("load-mark-[0-9a-f]{32}");

    private static FalkorDbServer falkordb;

    private CapabilityServer survivor;
    private CapabilityProcess victim;
    private final List<Http> internals = new ArrayList<>();
    private JobStack stack;

    @BeforeAll
    static void startFalkorDb() throws Exception {
        falkordb = FalkorDbServer.start();
    }

    @AfterAll
    static void stopFalkorDb() {
        falkordb.close();
    }

    @BeforeEach
    void start() throws Exception {
        // Room in the tab queue for every worker, for when one capability is left alone; the
        // process's default queue (twice its tabs) holds the same six.
        survivor =
                CapabilityServer.start(
                        CapabilityConfig.defaults(TOKEN, "sandbox")
                                .withPort(0)
                                .withTabs(TABS_PER_CAPABILITY)
                                .withQueue(8, Duration.ofSeconds(60))
                                .withPodName("capability-a"));
        victim = CapabilityProcess.start(TABS_PER_CAPABILITY, TOKEN);
        List<String> urls = List.of("http://127.0.0.1:" + survivor.port(), victim.url());
        urls.forEach(url -> internals.add(new Http(url).withBearer(TOKEN)));
        stack =
                new JobStack(
                        falkordb.url(),
                        new CapabilityRing(urls, TOKEN),
                        WORKERS,
                        Duration.ofSeconds(15),
                        Clock.systemUTC());
    }

    @AfterEach
    void stop() throws InterruptedException {
        stack.close();
        survivor.close();
        victim.close();
    }

    @Test
    void twoHundredJobsEachCompleteOnceOnTheirFirstAttemptWithinTheTabCap() throws Exception {
        Map<String, String> markByJob;
        int maxBusy;
        try (TabSampler sampler = TabSampler.start(internals)) {
            markByJob = submitAll();
            awaitAllFinished(markByJob.keySet(), JOBS);
            maxBusy = sampler.maxTotal();
        }

        List<Map<String, Object>> jobs = jobsWithReportCounts(markByJob.keySet());
        assertThat(jobs).hasSize(JOBS);
        assertThat(jobs).allSatisfy(job -> assertThat(job.get("status")).isEqualTo("completed"));
        assertThat(jobs).allSatisfy(job -> assertThat(number(job, "attempt")).isEqualTo(1));
        assertThat(jobs).allSatisfy(job -> assertThat(number(job, "reports")).isEqualTo(1));
        assertEachReportCarriesOnlyItsOwnMark(markByJob);
        assertWithinTheTabCap(maxBusy);
        for (Http internal : internals) {
            assertThat(internal.get("/internal/tabs").body().path("maxBusy").asInt())
                    .isBetween(1, TABS_PER_CAPABILITY);
        }
    }

    @Test
    void twoHundredJobsAllCompleteOnceWhenOneCapabilityIsKilledHalfway() throws Exception {
        Map<String, String> markByJob;
        int maxBusy;
        int survivorMaxBusy;
        try (TabSampler sampler = TabSampler.start(internals)) {
            markByJob = submitAll();
            awaitAllFinished(markByJob.keySet(), JOBS / 2);
            victim.kill();
            awaitAllFinished(markByJob.keySet(), JOBS);
            maxBusy = sampler.maxTotal();
            survivorMaxBusy = internals.get(0).get("/internal/tabs").body().path("maxBusy").asInt();
        }

        List<Map<String, Object>> jobs = jobsWithReportCounts(markByJob.keySet());
        assertThat(jobs).hasSize(JOBS);
        assertThat(jobs).allSatisfy(job -> assertThat(job.get("status")).isEqualTo("completed"));
        assertThat(jobs).allSatisfy(job -> assertThat(number(job, "reports")).isEqualTo(1));
        assertThat(jobs)
                .allSatisfy(
                        job ->
                                assertThat(number(job, "reportAttempt"))
                                        .isEqualTo(number(job, "attempt")));
        assertEachReportCarriesOnlyItsOwnMark(markByJob);
        assertWithinTheTabCap(maxBusy);
        assertThat(survivorMaxBusy).isBetween(1, TABS_PER_CAPABILITY);
        // A retry is sent straight to the capability that still answers, so one is enough.
        List<Map<String, Object>> retried =
                jobs.stream().filter(job -> number(job, "attempt") > 1).toList();
        assertThat(jobs).allSatisfy(job -> assertThat(number(job, "attempt")).isBetween(1L, 2L));
        assertThat(retried).allSatisfy(job -> assertThat(job.get("pod")).isEqualTo("capability-a"));
        System.out.printf("load: %d of %d jobs needed a second attempt%n", retried.size(), JOBS);
    }

    /** Submits every job from a few client threads at once; answers each job's unique mark. */
    private Map<String, String> submitAll() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Map<String, String>>> batches = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int first = client * (JOBS / CLIENTS);
                batches.add(clients.submit(() -> submitBatch(first, JOBS / CLIENTS)));
            }
            Map<String, String> markByJob = new HashMap<>();
            for (Future<Map<String, String>> batch : batches) {
                markByJob.putAll(batch.get());
            }
            assertThat(markByJob).hasSize(JOBS);
            return markByJob;
        } finally {
            clients.shutdownNow();
        }
    }

    private Map<String, String> submitBatch(int first, int count) {
        Map<String, String> markByJob = new HashMap<>();
        for (int i = first; i < first + count; i++) {
            String mark = "load-mark-" + UUID.randomUUID().toString().replace("-", "");
            // The sandbox answers within a second: a short research delay, and no other directive.
            String query = "Load question " + i + " " + mark + " [sandbox delay=100ms]";
            markByJob.put(stack.submit(query), mark);
        }
        return markByJob;
    }

    private void awaitAllFinished(Set<String> ids, int atLeast) {
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> finished(ids) >= atLeast);
    }

    /** How many of the jobs have finished, wherever they are (a job mid-move counts once). */
    private long finished(Set<String> ids) {
        Set<Object> finished = new HashSet<>();
        for (Map<String, Object> row :
                stack.readBoth(
                        "MATCH (j:Job) WHERE j.id IN $ids"
                                + " AND j.status IN ['completed', 'failed', 'cancelled']"
                                + " RETURN j.id AS id",
                        Map.of("ids", List.copyOf(ids)))) {
            finished.add(row.get("id"));
        }
        return finished.size();
    }

    /**
     * One row per job stored in either graph, after the history has settled: a job stored twice
     * shows up twice.
     */
    private List<Map<String, Object>> jobsWithReportCounts(Set<String> ids) {
        stack.settleHistory();
        return stack.readBoth(
                "MATCH (j:Job) WHERE j.id IN $ids"
                        + " OPTIONAL MATCH (j)-[:PRODUCED]->(r:Report)"
                        + " RETURN j.id AS id, j.status AS status, j.attempt AS attempt,"
                        + " j.capabilityPod AS pod, count(r) AS reports,"
                        + " max(r.attempt) AS reportAttempt",
                Map.of("ids", List.copyOf(ids)));
    }

    private void assertEachReportCarriesOnlyItsOwnMark(Map<String, String> markByJob) {
        List<Map<String, Object>> reports =
                stack.readBoth(
                        "MATCH (j:Job)-[:PRODUCED]->(r:Report) WHERE j.id IN $ids"
                                + " RETURN j.id AS id, r.markdown AS markdown",
                        Map.of("ids", List.copyOf(markByJob.keySet())));
        assertThat(reports).hasSize(markByJob.size());
        for (Map<String, Object> report : reports) {
            Set<String> marks = new HashSet<>();
            Matcher found = MARK.matcher((String) report.get("markdown"));
            while (found.find()) {
                marks.add(found.group());
            }
            assertThat(marks)
                    .as("marks in the report of %s", report.get("id"))
                    .containsExactly(markByJob.get((String) report.get("id")));
        }
    }

    private void assertWithinTheTabCap(int maxBusy) {
        assertThat(maxBusy).isBetween(1, TABS_PER_CAPABILITY * 2);
    }

    private static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }
}
