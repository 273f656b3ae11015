package io.rsrch.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The second graph, where finished jobs live with their reports and citations. The working graph
 * keeps only what can still change, so it stays as small as the number of unfinished jobs however
 * long the history grows. That matters for speed: FalkorDB makes a write that follows a node
 * creation pay for the size of the whole graph (it merges the pending matrix updates first), so in
 * one ever-growing graph every claim and commit would get slower with every job ever run.
 *
 * <p>A move copies a batch of finished jobs to the history in one query and then deletes them from
 * the working graph in another. The copy skips a job the history has already, and a finished job
 * never changes again, so a move cut short by a crash is simply finished by the next one; a reader
 * that looks in the working graph first and in the history second always finds the job.
 */
final class JobHistory {

    /** Report text read and written per query at most, so a move never holds much in memory. */
    private static final long CHUNK_CHARACTERS = 4_000_000;

    private static final String FINISHED = "['completed', 'failed', 'cancelled']";

    /** Every property a job may carry; the move copies all of them. */
    static final List<String> JOB_PROPERTIES =
            List.of(
                    "id",
                    "type",
                    "status",
                    "attempt",
                    "maxAttempts",
                    "params",
                    "sessionId",
                    "pool",
                    "namespace",
                    "ownerName",
                    "uid",
                    "deadlineAt",
                    "createdAt",
                    "updatedAt",
                    "startedAt",
                    "attemptStartedAt",
                    "completedAt",
                    "notBefore",
                    "errorReason",
                    "error",
                    "claimant",
                    "leaseToken",
                    "leaseExpiresAt",
                    "dispatchedAttempt",
                    "dispatchedAt",
                    "dispatchRef",
                    "capabilityPod",
                    "reportTitle",
                    "sourceCount");

    private static final String READ_FINISHED = readFinishedQuery();
    private static final String WRITE_TO_HISTORY = writeToHistoryQuery();

    private final Graph working;
    private final Graph history;

    JobHistory(Graph working) {
        this.working = working;
        this.history = working.sibling(working.name() + FalkorJobStore.HISTORY_SUFFIX);
    }

    Graph graph() {
        return history;
    }

    /** A finished job as read from the working graph, ready to be written to the history. */
    record FinishedJob(
            Map<String, Object> job,
            Map<String, Object> report,
            long markdownLength,
            List<Map<String, Object>> citations) {

        String id() {
            return (String) job.get("id");
        }
    }

    /** Moves up to {@code limit} finished jobs to the history; answers how many it moved. */
    int moveFinished(int limit) {
        List<FinishedJob> finished = finished(limit);
        if (finished.isEmpty()) {
            return 0;
        }
        // Jobs stored before the id registry existed get their ids registered on the way out.
        working.addToSet(
                FalkorJobStore.ID_REGISTRY,
                finished.stream().map(FinishedJob::id).toArray(String[]::new));
        for (List<FinishedJob> chunk : chunks(finished)) {
            copy(chunk);
            deleteFromWorking(chunk);
        }
        return finished.size();
    }

    /** Up to {@code limit} finished jobs of the working graph, without their report text. */
    List<FinishedJob> finished(int limit) {
        Map<String, FinishedJob> byId = new LinkedHashMap<>();
        for (Map<String, Object> row : working.read(READ_FINISHED, Map.of("limit", limit))) {
            String id = (String) row.get("id");
            FinishedJob job = byId.get(id);
            if (job == null) {
                job = fromRow(row);
                byId.put(id, job);
            }
            if (row.get("c_url") != null) {
                Map<String, Object> citation = new HashMap<>();
                citation.put("url", row.get("c_url"));
                citation.put("sourceTitle", row.get("c_sourceTitle"));
                citation.put("title", row.get("c_title"));
                citation.put("position", row.get("c_position"));
                job.citations().add(citation);
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** Writes the jobs to the history, skipping those it holds already. */
    void copy(List<FinishedJob> chunk) {
        Map<String, FinishedJob> withReports = new LinkedHashMap<>();
        for (FinishedJob job : chunk) {
            if (job.report() != null) {
                withReports.put(job.id(), job);
            }
        }
        if (!withReports.isEmpty()) {
            for (Map<String, Object> row :
                    working.read(
                            "UNWIND $ids AS id MATCH (j:Job {id: id})-[:PRODUCED]->(r:Report)"
                                    + " RETURN j.id AS id, r.markdown AS markdown",
                            Map.of("ids", List.copyOf(withReports.keySet())))) {
                withReports
                        .get((String) row.get("id"))
                        .report()
                        .put("markdown", row.get("markdown"));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>(chunk.size());
        for (FinishedJob job : chunk) {
            Map<String, Object> row = new HashMap<>();
            row.put("job", job.job());
            row.put("report", job.report());
            row.put("citations", job.citations());
            rows.add(row);
        }
        history.query(WRITE_TO_HISTORY, Map.of("rows", rows));
    }

    /**
     * Deletes moved jobs and their reports from the working graph, then the sources and sessions
     * nothing there refers to any more.
     */
    void deleteFromWorking(List<FinishedJob> chunk) {
        List<String> ids = new ArrayList<>(chunk.size());
        Set<String> urls = new LinkedHashSet<>();
        Set<String> sessions = new LinkedHashSet<>();
        for (FinishedJob job : chunk) {
            ids.add(job.id());
            job.citations().forEach(citation -> urls.add((String) citation.get("url")));
            if (job.job().get("sessionId") != null) {
                sessions.add((String) job.job().get("sessionId"));
            }
        }
        working.query(
                "UNWIND $ids AS id MATCH (j:Job {id: id}) WHERE j.status IN "
                        + FINISHED
                        + " OPTIONAL MATCH (j)-[:PRODUCED]->(r:Report) DETACH DELETE j, r",
                Map.of("ids", ids));
        if (!urls.isEmpty()) {
            working.query(
                    "UNWIND $urls AS url MATCH (s:Source {url: url})"
                            + " WHERE NOT (s)<-[:CITES]-() DELETE s",
                    Map.of("urls", List.copyOf(urls)));
        }
        if (!sessions.isEmpty()) {
            working.query(
                    "UNWIND $ids AS id MATCH (s:Session {id: id})"
                            + " WHERE NOT (s)<-[:BELONGS_TO]-() DELETE s",
                    Map.of("ids", List.copyOf(sessions)));
        }
    }

    /** Splits the jobs so no query carries much more than {@link #CHUNK_CHARACTERS} of reports. */
    private static List<List<FinishedJob>> chunks(List<FinishedJob> jobs) {
        List<List<FinishedJob>> chunks = new ArrayList<>();
        List<FinishedJob> current = new ArrayList<>();
        long characters = 0;
        for (FinishedJob job : jobs) {
            if (!current.isEmpty() && characters + job.markdownLength() > CHUNK_CHARACTERS) {
                chunks.add(current);
                current = new ArrayList<>();
                characters = 0;
            }
            current.add(job);
            characters += job.markdownLength();
        }
        chunks.add(current);
        return chunks;
    }

    private static FinishedJob fromRow(Map<String, Object> row) {
        Map<String, Object> job = new HashMap<>();
        for (String property : JOB_PROPERTIES) {
            if (row.get(property) != null) {
                job.put(property, row.get(property));
            }
        }
        Map<String, Object> report = null;
        long markdownLength = 0;
        if (row.get("r_title") != null) {
            report = new HashMap<>();
            report.put("title", row.get("r_title"));
            report.put("durationMs", row.get("r_durationMs"));
            report.put("attempt", row.get("r_attempt"));
            report.put("createdAt", row.get("r_createdAt"));
            Object length = row.get("r_markdownLength");
            markdownLength = length instanceof Number number ? number.longValue() : 0;
        }
        return new FinishedJob(job, report, markdownLength, new ArrayList<>());
    }

    private static String readFinishedQuery() {
        StringBuilder columns = new StringBuilder();
        for (String property : JOB_PROPERTIES) {
            columns.append("j.").append(property).append(" AS ").append(property).append(", ");
        }
        return "MATCH (j:Job) WHERE j.status IN "
                + FINISHED
                + " WITH j LIMIT $limit"
                + " OPTIONAL MATCH (j)-[:PRODUCED]->(r:Report)"
                + " OPTIONAL MATCH (r)-[c:CITES]->(s:Source)"
                + " RETURN "
                + columns
                + "r.title AS r_title, r.durationMs AS r_durationMs, r.attempt AS r_attempt,"
                + " r.createdAt AS r_createdAt, size(r.markdown) AS r_markdownLength,"
                + " s.url AS c_url, s.title AS c_sourceTitle, c.title AS c_title,"
                + " c.position AS c_position";
    }

    /**
     * One query per chunk. Properties go into the CREATEs themselves: FalkorDB sets them there at
     * no extra cost, where a SET on a node just created would pay for the graph's size again.
     */
    private static String writeToHistoryQuery() {
        StringBuilder properties = new StringBuilder();
        for (String property : JOB_PROPERTIES) {
            if (properties.length() > 0) {
                properties.append(", ");
            }
            properties.append(property).append(": row.job.").append(property);
        }
        return "UNWIND $rows AS row"
                + " OPTIONAL MATCH (existing:Job {id: row.job.id})"
                + " WITH row, count(existing) AS found WHERE found = 0"
                + " MERGE (s:Session {id: row.job.sessionId})"
                + " CREATE (j:Job {"
                + properties
                + "})-[:BELONGS_TO]->(s)"
                + " WITH j, row WHERE row.report IS NOT NULL"
                + " CREATE (j)-[:PRODUCED]->(r:Report {title: row.report.title,"
                + " markdown: row.report.markdown, durationMs: row.report.durationMs,"
                + " attempt: row.report.attempt, createdAt: row.report.createdAt})"
                + " WITH r, row UNWIND row.citations AS c"
                + " MERGE (src:Source {url: c.url}) ON CREATE SET src.title = c.sourceTitle"
                + " CREATE (r)-[:CITES {position: c.position, title: c.title}]->(src)";
    }
}
