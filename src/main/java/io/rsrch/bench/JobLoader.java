package io.rsrch.bench;

import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a bench graph with finished jobs quickly, many per query with UNWIND, carrying the
 * properties {@code FalkorJobStore.create} gives a job, and empties it again. For benchmarks only:
 * real jobs are only ever created through the store.
 */
final class JobLoader {

    private static final int BATCH = 2_000;
    private static final int DELETE_BATCH = 20_000;
    private static final String PARAMS = "{\"query\":\"bench job loaded in bulk\"}";

    private final Graph graph;
    private int loaded;

    JobLoader(Graph graph) {
        this.graph = graph;
    }

    /** The id of the n-th loaded job, counting from 0. */
    static String id(int n) {
        return "bench-job-" + n;
    }

    int loaded() {
        return loaded;
    }

    /** Adds {@code completed} jobs until the graph holds {@code total} of them. */
    void fillTo(int total) {
        long now = System.currentTimeMillis();
        while (loaded < total) {
            int end = Math.min(total, loaded + BATCH);
            List<Map<String, Object>> rows = new ArrayList<>(end - loaded);
            for (int n = loaded; n < end; n++) {
                Map<String, Object> row = new HashMap<>();
                row.put("id", id(n));
                row.put("at", now - (total - n));
                rows.add(row);
            }
            graph.query(
                    "UNWIND $rows AS row CREATE (j:Job {id: row.id, type: 'deep-research',"
                            + " status: 'completed', attempt: 1, maxAttempts: 3, params: $params,"
                            + " pool: 'default', createdAt: row.at, startedAt: row.at,"
                            + " completedAt: row.at, updatedAt: row.at})",
                    Map.of("rows", rows, "params", PARAMS));
            loaded = end;
        }
    }

    /** Empties a store's working graph and its history graph. */
    static void clearStore(Graph working) {
        clear(working);
        try (Graph history = working.sibling(working.name() + FalkorJobStore.HISTORY_SUFFIX)) {
            clear(history);
        }
    }

    /** Deletes every node of the graph, a batch per query, so an earlier run leaves nothing. */
    static void clear(Graph graph) {
        for (int round = 0; round < 1_000; round++) {
            List<Map<String, Object>> rows =
                    graph.query(
                            "MATCH (n) WITH n LIMIT $batch DETACH DELETE n RETURN count(n) AS gone",
                            Map.of("batch", DELETE_BATCH));
            Object gone = rows.isEmpty() ? null : rows.get(0).get("gone");
            if (!(gone instanceof Number number) || number.longValue() == 0) {
                return;
            }
        }
        throw new IllegalStateException(
                "the bench graph still holds nodes after 1000 deletions; delete it by hand with"
                        + " GRAPH.DELETE");
    }
}
