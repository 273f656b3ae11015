package io.rsrch.faults;

import io.rsrch.api.ApiServer;
import io.rsrch.api.SupervisedJobControl;
import io.rsrch.dispatch.LocalDispatcher;
import io.rsrch.job.HistoryMover;
import io.rsrch.job.Job;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.JobSupervisor;
import io.rsrch.job.RetryBackoff;
import io.rsrch.store.FalkorDbConnection;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;
import io.rsrch.testing.Http;
import io.rsrch.worker.CapabilityLocator;
import io.rsrch.worker.LocalWorker;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The job side of {@code rsrch local} assembled by hand around a given capability locator: FalkorDB
 * store, lifecycle, local worker and dispatcher, supervision scanning, the history mover (every 200
 * ms) and the REST api.
 */
final class JobStack implements AutoCloseable {

    static final int BACKOFF_LIMIT = 2;

    private final Graph graph;
    private final FalkorJobStore store;
    private final LocalDispatcher dispatcher;
    private final JobSupervisor supervisor;
    private final HistoryMover historyMover;
    private final ApiServer api;

    /** {@code supervisorClock} is the clock supervision reads to decide whether a retry is due. */
    JobStack(
            String falkordbUrl,
            CapabilityLocator capabilities,
            int workers,
            Duration lease,
            Clock supervisorClock) {
        graph = FalkorDbConnection.open(falkordbUrl, "rsrch");
        store = new FalkorJobStore(graph);
        store.prepare();
        JobLifecycle lifecycle =
                new JobLifecycle(
                        store,
                        Clock.systemUTC(),
                        lease,
                        new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)));
        LocalWorker worker = new LocalWorker(lifecycle, capabilities, Duration.ofSeconds(120));
        dispatcher = new LocalDispatcher(worker, workers);
        supervisor =
                new JobSupervisor(lifecycle, dispatcher, supervisorClock, Duration.ofMillis(200));
        api =
                ApiServer.start(
                        "127.0.0.1",
                        0,
                        store,
                        new SupervisedJobControl(lifecycle, supervisor),
                        BACKOFF_LIMIT + 1,
                        null,
                        null);
        supervisor.start();
        historyMover = new HistoryMover(store, Duration.ofMillis(200));
        historyMover.start();
    }

    /**
     * Stops the history mover and moves what is left, so every finished job is in the history graph
     * alone and graph queries see each job once.
     */
    void settleHistory() {
        historyMover.close();
        historyMover.moveAll();
    }

    /** Both graphs, the working one first. */
    List<Graph> graphs() {
        return List.of(graph, graph.sibling(graph.name() + FalkorJobStore.HISTORY_SUFFIX));
    }

    /** The rows a read answers in both graphs, one after the other. */
    List<Map<String, Object>> readBoth(String cypher, Map<String, ?> parameters) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Graph each : graphs()) {
            rows.addAll(each.read(cypher, parameters));
        }
        return rows;
    }

    Http api() {
        return new Http("http://127.0.0.1:" + api.port());
    }

    FalkorJobStore store() {
        return store;
    }

    Graph graph() {
        return graph;
    }

    Job job(String id) {
        return store.find(id).orElseThrow();
    }

    /** Submits a Deep Research question through REST and answers the job id. */
    String submit(String query) {
        Http.Answer answer = api().post("/deep-research/start", Map.of("query", query));
        if (answer.status() != 200) {
            throw new AssertionError("submission answered " + answer.status() + answer.body());
        }
        return answer.body().path("jobId").asText();
    }

    /**
     * The attempts of every report stored for a job in either graph, one entry per Report node;
     * call {@link #settleHistory} first so a job caught mid-move is not seen twice.
     */
    List<Long> reportAttempts(String jobId) {
        return readBoth(
                        "MATCH (:Job {id: $id})-[:PRODUCED]->(r:Report) RETURN r.attempt AS attempt",
                        Map.of("id", jobId))
                .stream()
                .map(row -> ((Number) row.get("attempt")).longValue())
                .toList();
    }

    @Override
    public void close() {
        api.close();
        historyMover.close();
        supervisor.close();
        dispatcher.close();
        graph.close();
    }
}
