package io.rsrch.bench;

import io.rsrch.job.Job;
import io.rsrch.job.JobType;
import io.rsrch.job.Lease;
import io.rsrch.job.NewJob;
import io.rsrch.job.Report;
import io.rsrch.job.Source;
import io.rsrch.store.FalkorDbConnection;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Times the real {@link FalkorJobStore} transitions a worker makes, the claim ({@code queued ->
 * processing}) and the commit ({@code processing -> completed} with a report), with 10, 10 000 and
 * 100 000 jobs stored.
 */
final class TransitionBench {

    static final String GRAPH = "rsrch_bench_transitions";
    private static final int TARGETS = 1_000;
    private static final int WARM_UP = 100;
    private static final int SOURCE_URLS = 50;

    /**
     * The figures at one store size: alone, and with a submission stored just before each
     * transition, as submissions keep arriving in a running system (FalkorDB makes the first
     * property update after a node creation pay for the graph's size).
     */
    record Result(
            int stored,
            Percentiles claim,
            Percentiles complete,
            Percentiles claimAfterSubmit,
            Percentiles completeAfterSubmit) {}

    private final String falkordbUrl;
    private final int transitions;
    private final Random random = new Random(42);

    TransitionBench(String falkordbUrl, int transitions) {
        this.falkordbUrl = falkordbUrl;
        this.transitions = transitions;
    }

    List<Result> run(List<Integer> sizes) {
        List<Result> results = new ArrayList<>();
        try (Graph graph = FalkorDbConnection.open(falkordbUrl, GRAPH)) {
            JobLoader.clear(graph);
            FalkorJobStore store = new FalkorJobStore(graph);
            store.prepare();
            JobLoader loader = new JobLoader(graph);
            for (int size : sizes) {
                long started = System.nanoTime();
                loader.fillTo(size);
                System.out.printf(
                        "  %,d jobs stored (loaded in %.1f s)%n",
                        loader.loaded(), (System.nanoTime() - started) / 1e9);
                Measured alone = measure(store, loader, false);
                Measured mixed = measure(store, loader, true);
                Result result =
                        new Result(
                                loader.loaded(),
                                alone.claim(),
                                alone.complete(),
                                mixed.claim(),
                                mixed.complete());
                System.out.printf("    claim                       %s%n", alone.claim().describe());
                System.out.printf(
                        "    complete                    %s%n", alone.complete().describe());
                System.out.printf(
                        "    claim, after a submission    %s%n", mixed.claim().describe());
                System.out.printf(
                        "    complete, after a submission %s%n", mixed.complete().describe());
                results.add(result);
            }
            JobLoader.clear(graph);
        }
        return results;
    }

    private record Measured(Percentiles claim, Percentiles complete) {}

    private Measured measure(FalkorJobStore store, JobLoader loader, boolean withSubmissions) {
        List<String> targets = sample(loader.loaded());
        List<Double> claims = new ArrayList<>();
        List<Double> completes = new ArrayList<>();
        for (int i = 0; i < WARM_UP + transitions; i++) {
            String id = targets.get(i % targets.size());
            loader.requeue(id);
            String token = UUID.randomUUID().toString();
            long now = System.currentTimeMillis();

            if (withSubmissions) {
                submit(store, now);
            }
            long t0 = System.nanoTime();
            Optional<Job> claimed = store.claim(id, 1, "bench", token, now + 30_000, now);
            long t1 = System.nanoTime();
            if (claimed.isEmpty()) {
                throw new IllegalStateException(
                        "the claim of " + id + " was refused: the bench graph is not as loaded");
            }
            Lease lease = new Lease(id, 1, token, now + 30_000);
            if (withSubmissions) {
                submit(store, now);
            }
            long t2 = System.nanoTime();
            Optional<Job> done = store.complete(lease, report(i), "bench", now);
            long t3 = System.nanoTime();
            if (done.isEmpty()) {
                throw new IllegalStateException(
                        "the commit of " + id + " was refused: the bench graph is not as loaded");
            }
            if (i >= WARM_UP) {
                claims.add((t1 - t0) / 1e6);
                completes.add((t3 - t2) / 1e6);
            }
        }
        return new Measured(Percentiles.of(claims), Percentiles.of(completes));
    }

    private static void submit(FalkorJobStore store, long now) {
        store.create(
                new NewJob(
                        UUID.randomUUID().toString(),
                        JobType.DEEP_RESEARCH,
                        Map.of("query", "bench submission between transitions"),
                        "bench",
                        3,
                        null),
                now);
    }

    /** Up to {@value #TARGETS} distinct stored jobs in random order. */
    private List<String> sample(int stored) {
        List<String> ids = new ArrayList<>();
        if (stored <= TARGETS) {
            for (int n = 0; n < stored; n++) {
                ids.add(JobLoader.id(n));
            }
        } else {
            random.ints(0, stored).distinct().limit(TARGETS).forEach(n -> ids.add(JobLoader.id(n)));
        }
        Collections.shuffle(ids, random);
        return ids;
    }

    /** A small report citing three of a few shared pages, as reports cite shared sources. */
    private Report report(int n) {
        List<Source> sources = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            int page = (n * 3 + s) % SOURCE_URLS;
            sources.add(new Source("https://bench.invalid/page/" + page, "Bench page " + page));
        }
        return new Report(
                "Bench report " + n,
                "# Bench report " + n + "\n\nA short report written by the transition bench.",
                sources,
                1);
    }
}
