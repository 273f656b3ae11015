package io.rsrch.bench;

import io.rsrch.Json;
import io.rsrch.capability.CapabilityConfig;
import io.rsrch.job.JobStatus;
import io.rsrch.job.RetryBackoff;
import io.rsrch.local.LocalMode;
import io.rsrch.local.LocalSettings;
import io.rsrch.store.FalkorDbConnection;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs jobs through the whole local pipeline ({@code rsrch local} in this process: REST submit,
 * FalkorDB, supervision, the local dispatcher and worker, the HTTP capability call, the commit)
 * with the {@code instant} site, and measures jobs per second and the pipeline's own time per job.
 */
final class OrchestrationBench {

    static final String GRAPH = "rsrch_bench_pipeline";
    private static final int SUBMITTERS = 8;
    private static final int WARM_UP_ROUND = 1_000;
    private static final int MAX_WARM_UP_ROUNDS = 30;

    /** Warm-up ends once the JIT compiler uses less than this share of a round's JVM CPU. */
    private static final double STEADY_COMPILE_SHARE = 0.05;

    private static final int PACED_JOBS = 400;
    private static final double MAX_PACED_RATE = 100;

    /** What one batch of jobs measured. */
    record Batch(
            int jobs,
            int completed,
            double seconds,
            double jvmCpuMsPerJob,
            double falkordbCpuMsPerJob,
            Percentiles toCall,
            Percentiles toCommit,
            Percentiles endToEnd) {

        double jobsPerSecond() {
            return completed / seconds;
        }
    }

    /** The burst (throughput) and the paced run (overhead without queueing). */
    record Result(Batch burst, double pacedRate, Batch paced, int inStore, int measured) {}

    private record Submitted(String query, String jobId, long submittedAt) {}

    private final String falkordbUrl;
    private final int jobs;
    private final int tabs;
    private static final MediaType JSON = MediaType.get("application/json");

    /**
     * Blocking client calls with one kept connection per submitter: the load generator shares the
     * machine with the pipeline, so it should cost as little CPU as a plain HTTP client can.
     */
    private final OkHttpClient http =
            new OkHttpClient.Builder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .callTimeout(Duration.ofSeconds(30))
                    .connectionPool(new ConnectionPool(SUBMITTERS * 2, 1, TimeUnit.MINUTES))
                    .build();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private String apiUrl;
    private String capabilityUrl;
    private String token;

    private static final int HISTORY_JOBS = 100_000;

    OrchestrationBench(String falkordbUrl, int jobs, int tabs) {
        this.falkordbUrl = falkordbUrl;
        this.jobs = jobs;
        this.tabs = tabs;
    }

    Result run() throws Exception {
        try (Graph graph = FalkorDbConnection.open(falkordbUrl, GRAPH)) {
            JobLoader.clearStore(graph);
            // A long-running rsrch has a history; the pipeline runs beside one of this size.
            try (Graph history = graph.sibling(GRAPH + FalkorJobStore.HISTORY_SUFFIX)) {
                new JobLoader(history).fillTo(HISTORY_JOBS);
            }
            System.out.printf(
                    "  %,d finished jobs in the history before the first submission%n",
                    HISTORY_JOBS);
        }
        token = UUID.randomUUID().toString();
        CapabilityConfig capability =
                CapabilityConfig.defaults(token, "instant")
                        .withPort(0)
                        .withTabs(tabs)
                        .withPodName("bench-instant");
        LocalSettings settings =
                new LocalSettings(
                        falkordbUrl,
                        GRAPH,
                        "127.0.0.1",
                        0,
                        capability,
                        tabs,
                        2,
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(2),
                        RetryBackoff.DEFAULT,
                        Duration.ofSeconds(1));
        CompletionLog completions = CompletionLog.attach();
        try (LocalMode local = LocalMode.start(settings);
                CpuClock cpu = new CpuClock(falkordbUrl)) {
            apiUrl = "http://127.0.0.1:" + local.apiPort();
            capabilityUrl = "http://127.0.0.1:" + local.capabilityPort();
            System.out.printf(
                    "  rsrch local started: %d tabs, %d workers, site instant%n", tabs, tabs);

            warmUp(completions, cpu);

            double jvmBefore = cpu.jvmSeconds();
            double falkordbBefore = cpu.falkordbSeconds();
            double compilerBefore = cpu.compilerSeconds();
            List<Submitted> burst = burst("burst", jobs);
            await(burst, completions);
            double jvmCpu = cpu.jvmSeconds() - jvmBefore;
            double falkordbCpu = cpu.falkordbSeconds() - falkordbBefore;
            System.out.printf(
                    "  JIT compiler CPU during the burst: %.2f s of the JVM's %.2f s%n",
                    cpu.compilerSeconds() - compilerBefore, jvmCpu);
            Map<String, long[]> calls = instantCalls();
            Batch burstFigures = figures(burst, calls, completions, jvmCpu, falkordbCpu);
            System.out.printf(
                    "  burst: %d jobs submitted by %d clients at once, %d completed in %.2f s%n",
                    jobs, SUBMITTERS, burstFigures.completed(), burstFigures.seconds());

            double rate = Math.max(5, Math.min(MAX_PACED_RATE, burstFigures.jobsPerSecond() / 2));
            List<Submitted> paced = paced("paced", PACED_JOBS, rate);
            await(paced, completions);
            calls = instantCalls();
            Batch pacedFigures = figures(paced, calls, completions, Double.NaN, Double.NaN);
            System.out.printf(
                    "  paced: %d jobs submitted one at a time at %.0f jobs/s, %d completed%n",
                    PACED_JOBS, rate, pacedFigures.completed());

            List<String> ids = new ArrayList<>();
            burst.forEach(s -> ids.add(s.jobId()));
            paced.forEach(s -> ids.add(s.jobId()));
            int inStore = completedInStore(ids);
            return new Result(burstFigures, rate, pacedFigures, inStore, ids.size());
        } finally {
            completions.detach();
            try (Graph graph = FalkorDbConnection.open(falkordbUrl, GRAPH)) {
                JobLoader.clearStore(graph);
            }
        }
    }

    /**
     * Runs rounds of jobs until the JIT compiler has little left to do, so the burst measures the
     * pipeline as a long-running server runs it rather than the JVM compiling it.
     */
    private void warmUp(CompletionLog completions, CpuClock cpu) throws InterruptedException {
        for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
            double jvmBefore = cpu.jvmSeconds();
            double compilerBefore = cpu.compilerSeconds();
            List<Submitted> warm = burst("warm" + round, WARM_UP_ROUND);
            await(warm, completions);
            double jvm = cpu.jvmSeconds() - jvmBefore;
            double compiler = cpu.compilerSeconds() - compilerBefore;
            System.out.printf(
                    "  warm-up round %d: %d jobs, JVM CPU %.2f s, of it JIT compiler %.2f s%n",
                    round, warm.size(), jvm, compiler);
            if (!(compiler >= STEADY_COMPILE_SHARE * jvm)) {
                return;
            }
        }
        System.out.println("  warm-up: the JIT compiler was still busy after the last round");
    }

    /**
     * Submits {@code count} jobs from {@value #SUBMITTERS} clients as fast as the api takes them.
     */
    private List<Submitted> burst(String phase, int count) throws InterruptedException {
        List<Submitted> submitted = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(SUBMITTERS);
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < SUBMITTERS; c++) {
            clients.execute(
                    () -> {
                        for (int n = next.getAndIncrement();
                                n < count && failures.isEmpty();
                                n = next.getAndIncrement()) {
                            try {
                                submitted.add(submit(phase, n));
                            } catch (Exception e) {
                                failures.add(e);
                            }
                        }
                    });
        }
        clients.shutdown();
        if (!clients.awaitTermination(5, TimeUnit.MINUTES)) {
            clients.shutdownNow();
            throw new IllegalStateException("submitting " + count + " jobs took over 5 minutes");
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(
                    "a submission failed: " + failures.get(0).getMessage(), failures.get(0));
        }
        return new ArrayList<>(submitted);
    }

    /** Submits {@code count} jobs one at a time, one every {@code 1/rate} seconds. */
    private List<Submitted> paced(String phase, int count, double rate) throws Exception {
        List<Submitted> submitted = new ArrayList<>();
        long interval = Math.round(1e9 / rate);
        long start = System.nanoTime();
        for (int n = 0; n < count; n++) {
            long wait = start + n * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            submitted.add(submit(phase, n));
        }
        return submitted;
    }

    private Submitted submit(String phase, int n) throws IOException {
        String query = "bench " + run + " " + phase + " job " + n;
        String body = Json.MAPPER.writeValueAsString(Map.of("query", query));
        Request request =
                new Request.Builder()
                        .url(apiUrl + "/deep-research/start")
                        .post(RequestBody.create(body, JSON))
                        .build();
        long submittedAt = micros();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            JsonNode answer = Json.MAPPER.readTree(text);
            if (!response.isSuccessful() || !answer.path("jobId").isTextual()) {
                throw new IllegalStateException(
                        "the api answered " + response.code() + ": " + text);
            }
            return new Submitted(query, answer.get("jobId").asText(), submittedAt);
        }
    }

    /** Waits until every job has completed, or a bounded time has passed. */
    private static void await(List<Submitted> submitted, CompletionLog completions)
            throws InterruptedException {
        long deadline =
                System.nanoTime() + Duration.ofSeconds(60 + submitted.size() / 10).toNanos();
        while (System.nanoTime() < deadline) {
            if (submitted.stream().allMatch(s -> completions.completedAt(s.jobId()) != null)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        long missing =
                submitted.stream().filter(s -> completions.completedAt(s.jobId()) == null).count();
        System.out.printf(
                "  WARNING: %d of %d jobs did not complete in time; figures count only the"
                        + " others (see target/bench/bench.log)%n",
                missing, submitted.size());
    }

    private static Batch figures(
            List<Submitted> submitted,
            Map<String, long[]> calls,
            CompletionLog completions,
            double jvmCpuSeconds,
            double falkordbCpuSeconds) {
        List<Double> toCall = new ArrayList<>();
        List<Double> toCommit = new ArrayList<>();
        List<Double> endToEnd = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int completed = 0;
        for (Submitted job : submitted) {
            first = Math.min(first, job.submittedAt());
            long[] call = calls.get(job.query());
            Long done = completions.completedAt(job.jobId());
            if (call == null || done == null) {
                continue;
            }
            completed++;
            last = Math.max(last, done);
            toCall.add((call[0] - job.submittedAt()) / 1000.0);
            toCommit.add((done - call[1]) / 1000.0);
            endToEnd.add((done - job.submittedAt()) / 1000.0);
        }
        double seconds = completed == 0 ? Double.NaN : (last - first) / 1e6;
        return new Batch(
                submitted.size(),
                completed,
                seconds,
                jvmCpuSeconds * 1000 / Math.max(1, completed),
                falkordbCpuSeconds * 1000 / Math.max(1, completed),
                Percentiles.of(toCall),
                Percentiles.of(toCommit),
                Percentiles.of(endToEnd));
    }

    /** When each call reached the instant site and when it answered, by query. */
    private Map<String, long[]> instantCalls() throws IOException {
        Request request =
                new Request.Builder()
                        .url(capabilityUrl + "/internal/instant/calls")
                        .header("Authorization", "Bearer " + token)
                        .build();
        JsonNode answer;
        try (Response response = http.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new IllegalStateException(
                        "the capability answered " + response.code() + " for its instant calls");
            }
            answer = Json.MAPPER.readTree(response.body().string());
        }
        Map<String, long[]> calls = new HashMap<>();
        for (JsonNode call : answer.path("calls")) {
            calls.put(
                    call.path("query").asText(),
                    new long[] {
                        call.path("arrivedAtMicros").asLong(),
                        call.path("answeredAtMicros").asLong()
                    });
        }
        return calls;
    }

    /** How many of the jobs FalkorDB itself holds as {@code completed}, moved or not. */
    private int completedInStore(List<String> ids) {
        try (Graph graph = FalkorDbConnection.open(falkordbUrl, GRAPH)) {
            FalkorJobStore store = new FalkorJobStore(graph);
            int completed = 0;
            for (String id : ids) {
                if (store.find(id).map(job -> job.status() == JobStatus.COMPLETED).orElse(false)) {
                    completed++;
                }
            }
            return completed;
        }
    }

    static long micros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
