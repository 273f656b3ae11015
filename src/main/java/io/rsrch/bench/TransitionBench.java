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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Times the real {@link FalkorJobStore} transitions a worker makes on a job just submitted, the
 * claim ({@code queued -> processing}) and the commit ({@code processing -> completed} with a
 * report), with 10, 10 000 and 100 000 finished jobs stored: once as rsrch keeps them (in the
 * history graph, finished jobs moved there as they pile up) and once, for comparison, all in one
 * graph.
 */
final class TransitionBench {

    static final String GRAPH = "rsrch_bench_transitions";
    private static final String ONE_GRAPH = "rsrch_bench_transitions_one";
    private static final int WARM_UP = 100;
    private static final int SOURCE_URLS = 50;

    /** Finished jobs left in the working graph between moves: a second's worth at 200 jobs/s. */
    private static final int MOVE_EVERY = 200;

    /**
     * The figures at one store size, as rsrch stores jobs and with every job in one graph, and what
     * moving the finished jobs to the history cost per job.
     */
    record Result(
            int stored,
            Percentiles claim,
            Percentiles complete,
            double moveMillisPerJob,
            Percentiles claimOneGraph,
            Percentiles completeOneGraph) {}

    private final String falkordbUrl;
    private final int transitions;

    TransitionBench(String falkordbUrl, int transitions) {
        this.falkordbUrl = falkordbUrl;
        this.transitions = transitions;
    }

    List<Result> run(List<Integer> sizes) {
        List<Result> results = new ArrayList<>();
        try (Graph working = FalkorDbConnection.open(falkordbUrl, GRAPH)) {
            Graph history = working.sibling(GRAPH + FalkorJobStore.HISTORY_SUFFIX);
            Graph oneGraph = working.sibling(ONE_GRAPH);
            List<Graph> graphs = List.of(working, history, oneGraph);
            graphs.forEach(JobLoader::clear);
            FalkorJobStore store = new FalkorJobStore(working);
            FalkorJobStore oneGraphStore = new FalkorJobStore(oneGraph);
            store.prepare();
            oneGraphStore.prepare();
            JobLoader historyLoader = new JobLoader(history);
            JobLoader oneGraphLoader = new JobLoader(oneGraph);
            for (int size : sizes) {
                long started = System.nanoTime();
                historyLoader.fillTo(size);
                oneGraphLoader.fillTo(size);
                System.out.printf(
                        "  %,d finished jobs stored (loaded in %.1f s)%n",
                        size, (System.nanoTime() - started) / 1e9);
                Measured kept = measure(store, true);
                Measured together = measure(oneGraphStore, false);
                results.add(
                        new Result(
                                size,
                                kept.claim(),
                                kept.complete(),
                                kept.moveMillisPerJob(),
                                together.claim(),
                                together.complete()));
                System.out.printf(
                        "    as rsrch keeps them (finished jobs in the history graph):%n"
                                + "      claim     %s%n"
                                + "      complete  %s%n"
                                + "      moving a finished job to the history: %.3f ms of"
                                + " FalkorDB calls per job, in batches%n",
                        kept.claim().describe(),
                        kept.complete().describe(),
                        kept.moveMillisPerJob());
                System.out.printf(
                        "    all in one graph, for comparison:%n"
                                + "      claim     %s%n"
                                + "      complete  %s%n",
                        together.claim().describe(), together.complete().describe());
            }
            graphs.forEach(JobLoader::clear);
        }
        return results;
    }

    private record Measured(Percentiles claim, Percentiles complete, double moveMillisPerJob) {}

    /**
     * Submits, claims and completes one job after another, as a pipeline does; with {@code move},
     * finished jobs go to the history every {@value #MOVE_EVERY} jobs, as the running mover does.
     */
    private Measured measure(FalkorJobStore store, boolean move) {
        List<Double> claims = new ArrayList<>();
        List<Double> completes = new ArrayList<>();
        long moveNanos = 0;
        int movedJobs = 0;
        for (int i = 0; i < WARM_UP + transitions; i++) {
            long now = System.currentTimeMillis();
            Job job = submit(store, now);
            String token = UUID.randomUUID().toString();
            long t0 = System.nanoTime();
            Optional<Job> claimed = store.claim(job.id(), 1, "bench", token, now + 30_000, now);
            long t1 = System.nanoTime();
            if (claimed.isEmpty()) {
                throw new IllegalStateException("the claim of the new job " + job.id() + " failed");
            }
            Lease lease = new Lease(job.id(), 1, token, now + 30_000);
            long t2 = System.nanoTime();
            Optional<Job> done = store.complete(lease, report(i), "bench", now);
            long t3 = System.nanoTime();
            if (done.isEmpty()) {
                throw new IllegalStateException("the commit of " + job.id() + " was refused");
            }
            if (i >= WARM_UP) {
                claims.add((t1 - t0) / 1e6);
                completes.add((t3 - t2) / 1e6);
            }
            if (move && (i + 1) % MOVE_EVERY == 0) {
                long m0 = System.nanoTime();
                movedJobs += store.moveFinishedToHistory(MOVE_EVERY);
                moveNanos += System.nanoTime() - m0;
            }
        }
        double moveMillisPerJob = movedJobs == 0 ? 0 : moveNanos / 1e6 / movedJobs;
        return new Measured(Percentiles.of(claims), Percentiles.of(completes), moveMillisPerJob);
    }

    private static Job submit(FalkorJobStore store, long now) {
        return store.create(
                new NewJob(
                        UUID.randomUUID().toString(),
                        JobType.DEEP_RESEARCH,
                        Map.of("query", "bench submission"),
                        "bench",
                        3,
                        null),
                now);
    }

    /** A small report citing three of a few shared pages, as reports cite shared sources. */
    private static Report report(int n) {
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
