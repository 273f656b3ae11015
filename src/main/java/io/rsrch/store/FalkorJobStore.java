package io.rsrch.store;

import io.rsrch.Json;
import io.rsrch.job.FailureReason;
import io.rsrch.job.Job;
import io.rsrch.job.JobFailure;
import io.rsrch.job.JobOwner;
import io.rsrch.job.JobStatus;
import io.rsrch.job.JobStore;
import io.rsrch.job.JobType;
import io.rsrch.job.Lease;
import io.rsrch.job.NewJob;
import io.rsrch.job.Report;
import io.rsrch.job.Source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Jobs in FalkorDB. Each state change is one compare-and-set query: it names the status and attempt
 * it expects (and the lease token, for a worker's commit) and changes nothing when the job has
 * moved on, so a stale worker or a repeated call can never overwrite a newer state. Unfinished jobs
 * live in the working graph; finished ones move to a history graph ({@link JobHistory}), and every
 * read looks in both.
 */
public final class FalkorJobStore implements JobStore {

    private static final String COLUMNS =
            " RETURN j.id AS id, j.type AS type, j.status AS status, j.attempt AS attempt,"
                    + " j.maxAttempts AS maxAttempts, j.params AS params, j.sessionId AS sessionId,"
                    + " j.errorReason AS errorReason, j.error AS error,"
                    + " j.leaseExpiresAt AS leaseExpiresAt, j.notBefore AS notBefore,"
                    + " j.deadlineAt AS deadlineAt, j.createdAt AS createdAt,"
                    + " j.startedAt AS startedAt, j.completedAt AS completedAt,"
                    + " j.updatedAt AS updatedAt, j.capabilityPod AS capabilityPod,"
                    + " j.reportTitle AS reportTitle, j.sourceCount AS sourceCount,"
                    + " j.pool AS pool, j.namespace AS namespace, j.ownerName AS ownerName,"
                    + " j.uid AS uid, j.dispatchedAttempt AS dispatchedAttempt,"
                    + " j.dispatchRef AS dispatchRef";

    private static final TypeReference<Map<String, Object>> PARAMS_TYPE = new TypeReference<>() {};
    private static final Comparator<Job> OLDEST_FIRST = Comparator.comparingLong(Job::createdAt);
    private static final Comparator<Job> NEWEST_FIRST = OLDEST_FIRST.reversed();

    /** The history graph is named after the working graph with this suffix. */
    public static final String HISTORY_SUFFIX = "_history";

    /** The Redis set beside the working graph that holds every job id ever stored. */
    static final String ID_REGISTRY = ":job-ids";

    private final Graph graph;
    private final JobHistory history;

    /**
     * A store on the working graph {@code graph}; finished jobs move to a second graph named after
     * it with the suffix {@value #HISTORY_SUFFIX} (see {@link #moveFinishedToHistory}).
     */
    public FalkorJobStore(Graph graph) {
        this.graph = graph;
        this.history = new JobHistory(graph);
    }

    /** Creates the indexes the queries rely on, in both graphs; safe to call on every start. */
    @Override
    public void prepare() {
        for (Graph each : List.of(graph, history.graph())) {
            createIndex(each, "CREATE INDEX FOR (j:Job) ON (j.id)");
            createIndex(each, "CREATE INDEX FOR (j:Job) ON (j.status)");
            createIndex(each, "CREATE INDEX FOR (s:Session) ON (s.id)");
            createIndex(each, "CREATE INDEX FOR (s:Source) ON (s.url)");
        }
    }

    private static void createIndex(Graph graph, String cypher) {
        try {
            graph.query(cypher, Map.of());
        } catch (IllegalStateException e) {
            if (!String.valueOf(e.getMessage()).contains("already indexed")) {
                throw e;
            }
        }
    }

    @Override
    public void onReconnect(Runnable listener) {
        graph.onReconnect(listener);
    }

    @Override
    public boolean reachable() {
        return graph.ping();
    }

    /**
     * Stores a new job in status {@code queued} with attempt 1, linked to its session. A job with
     * the same id is left as it is and returned, so a repeated submission creates nothing, also
     * when the job has finished and moved to the history long ago.
     *
     * <p>Every id is first added to a registry (a Redis set). An id seen before is looked up in
     * both graphs; only when it is in neither (its first creation was cut short) is it created
     * again. The working graph's own existence check keeps two concurrent creations of one id to
     * one job. What this leaves open: a second creation that finds the id nowhere because the first
     * has not stored it yet, and creates it after that first job has run, finished and moved to the
     * history, all between two consecutive queries of the second; a job takes far longer than that.
     */
    @Override
    public Job create(NewJob job, long now) {
        if (graph.addToSet(ID_REGISTRY, job.id()) == 0) {
            Optional<Job> known = find(job.id());
            if (known.isPresent()) {
                return known.get();
            }
        }
        Map<String, Object> p = new HashMap<>();
        p.put("id", job.id());
        p.put("type", job.type().wireName());
        p.put("params", writeParams(job.params()));
        p.put("sessionId", job.sessionId());
        p.put("maxAttempts", job.maxAttempts());
        p.put("deadlineAt", job.deadlineAt());
        p.put("pool", job.pool());
        p.put("namespace", job.owner() == null ? null : job.owner().namespace());
        p.put("ownerName", job.owner() == null ? null : job.owner().name());
        p.put("uid", job.owner() == null ? null : job.owner().uid());
        p.put("now", now);
        // Write queries run one at a time per graph, so the existence check and the CREATE
        // cannot interleave with another submission of the same id. Properties are given in the
        // CREATE itself: FalkorDB sets them far faster there than through a SET (or MERGE's ON
        // CREATE SET) on a node it has just made; null ones are left out.
        String cypher =
                "OPTIONAL MATCH (existing:Job {id: $id})"
                        + " WITH count(existing) AS found WHERE found = 0"
                        + " MERGE (s:Session {id: $sessionId})"
                        + " CREATE (j:Job {id: $id, type: $type, status: 'queued', attempt: 1,"
                        + " maxAttempts: $maxAttempts, params: $params, sessionId: $sessionId,"
                        + " deadlineAt: $deadlineAt, pool: $pool, namespace: $namespace,"
                        + " ownerName: $ownerName, uid: $uid, createdAt: $now, updatedAt: $now})"
                        + "-[:BELONGS_TO]->(s)"
                        + COLUMNS;
        List<Map<String, Object>> created = graph.query(cypher, p);
        if (!created.isEmpty()) {
            return toJob(created.get(0));
        }
        return find(job.id())
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "job " + job.id() + " exists but could not be read"));
    }

    /** Looks in the working graph first, then in the history. */
    @Override
    public Optional<Job> find(String id) {
        Optional<Job> working = findIn(graph, id);
        return working.isPresent() ? working : findIn(history.graph(), id);
    }

    private static Optional<Job> findIn(Graph graph, String id) {
        return first(graph.read("MATCH (j:Job {id: $id})" + COLUMNS, Map.of("id", id)));
    }

    /** The newest jobs first, finished or not. */
    @Override
    public List<Job> list(int limit) {
        return fromBoth(
                g ->
                        g.read(
                                "MATCH (j:Job)" + COLUMNS + " ORDER BY createdAt DESC LIMIT $limit",
                                Map.of("limit", limit)),
                NEWEST_FIRST,
                limit);
    }

    /**
     * Runs a read in both graphs and merges the answers in {@code order}. A job caught in the
     * middle of its move is in both; it is answered once, as the working graph has it.
     */
    private List<Job> fromBoth(
            Function<Graph, List<Map<String, Object>>> read, Comparator<Job> order, int limit) {
        Map<String, Job> byId = new LinkedHashMap<>();
        for (Job job : jobs(read.apply(graph))) {
            byId.put(job.id(), job);
        }
        for (Job job : jobs(read.apply(history.graph()))) {
            byId.putIfAbsent(job.id(), job);
        }
        return byId.values().stream().sorted(order).limit(limit).toList();
    }

    /**
     * Moves up to {@code limit} finished jobs, with their reports, to the history graph and answers
     * how many it moved. Safe to run from several processes at once and to cut short at any point.
     */
    @Override
    public int moveFinishedToHistory(int limit) {
        return history.moveFinished(limit);
    }

    @Override
    public List<Job> list(JobStatus status, int limit) {
        return inStatus(status, "DESC", limit);
    }

    /** Jobs in one status, oldest first. */
    @Override
    public List<Job> findByStatus(JobStatus status, int limit) {
        return inStatus(status, "ASC", limit);
    }

    /**
     * Jobs in one status by creation time; {@code order} is a constant, never caller text. Only
     * finished jobs are looked for in the history.
     */
    private List<Job> inStatus(JobStatus status, String order, int limit) {
        Function<Graph, List<Map<String, Object>>> read =
                g ->
                        g.read(
                                "MATCH (j:Job) WHERE j.status = $status"
                                        + COLUMNS
                                        + " ORDER BY createdAt "
                                        + order
                                        + " LIMIT $limit",
                                Map.of("status", status.wireName(), "limit", limit));
        if (!status.isFinal()) {
            return jobs(read.apply(graph));
        }
        return fromBoth(read, "ASC".equals(order) ? OLDEST_FIRST : NEWEST_FIRST, limit);
    }

    /** Processing jobs whose lease ran out before {@code now}. */
    @Override
    public List<Job> findExpiredLeases(long now, int limit) {
        return jobs(
                graph.read(
                        "MATCH (j:Job) WHERE j.status = 'processing' AND j.leaseExpiresAt < $now"
                                + COLUMNS
                                + " LIMIT $limit",
                        Map.of("now", now, "limit", limit)));
    }

    /**
     * Takes a queued attempt for a worker: {@code queued -> processing} with a new lease. Answers
     * empty when the job is not queued at that attempt.
     */
    @Override
    public Optional<Job> claim(
            String id, int attempt, String claimant, String token, long expiresAt, long now) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("attempt", attempt);
        p.put("claimant", claimant);
        p.put("token", token);
        p.put("expiresAt", expiresAt);
        p.put("now", now);
        String cypher =
                "MATCH (j:Job {id: $id}) WHERE j.status = 'queued' AND j.attempt = $attempt"
                        + " SET j.status = 'processing', j.claimant = $claimant,"
                        + " j.leaseToken = $token, j.leaseExpiresAt = $expiresAt,"
                        + " j.startedAt = coalesce(j.startedAt, $now), j.attemptStartedAt = $now,"
                        + " j.notBefore = null, j.updatedAt = $now"
                        + COLUMNS;
        return first(graph.query(cypher, p));
    }

    /**
     * Hands the running lease back to the claimant that took it, so a worker restarted under the
     * same identity continues its attempt instead of losing it. Answers the lease token.
     */
    @Override
    public Optional<String> reclaim(
            String id, int attempt, String claimant, long expiresAt, long now) {
        String cypher =
                "MATCH (j:Job {id: $id}) WHERE j.status = 'processing' AND j.attempt = $attempt"
                        + " AND j.claimant = $claimant"
                        + " SET j.leaseExpiresAt = $expiresAt, j.updatedAt = $now"
                        + " RETURN j.leaseToken AS token";
        Map<String, Object> p =
                Map.of(
                        "id",
                        id,
                        "attempt",
                        attempt,
                        "claimant",
                        claimant,
                        "expiresAt",
                        expiresAt,
                        "now",
                        now);
        return graph.query(cypher, p).stream().findFirst().map(row -> (String) row.get("token"));
    }

    @Override
    public int countProcessing(String pool, String namespace) {
        List<Map<String, Object>> rows =
                graph.read(
                        "MATCH (j:Job) WHERE j.status = 'processing' AND j.pool = $pool"
                                + " AND j.namespace = $namespace RETURN count(j) AS busy",
                        Map.of("pool", pool, "namespace", namespace));
        return rows.isEmpty() ? 0 : (int) number(rows.get(0).get("busy"));
    }

    @Override
    public boolean markDispatched(String id, int attempt, String dispatchRef, long now) {
        String cypher =
                "MATCH (j:Job {id: $id}) WHERE j.attempt = $attempt"
                        + " AND coalesce(j.dispatchedAttempt, 0) < $attempt"
                        + " SET j.dispatchedAttempt = $attempt, j.dispatchRef = $ref,"
                        + " j.dispatchedAt = $now"
                        + " RETURN j.id AS id";
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("attempt", attempt);
        p.put("ref", dispatchRef);
        p.put("now", now);
        return !graph.query(cypher, p).isEmpty();
    }

    /** Extends a lease; false when the lease is no longer the job's current one. */
    @Override
    public boolean renew(Lease lease, long expiresAt, long now) {
        String cypher =
                "MATCH (j:Job {id: $id}) WHERE j.status = 'processing' AND j.attempt = $attempt"
                        + " AND j.leaseToken = $token"
                        + " SET j.leaseExpiresAt = $expiresAt, j.updatedAt = $now"
                        + " RETURN j.id AS id";
        Map<String, Object> p = leaseParameters(lease);
        p.put("expiresAt", expiresAt);
        p.put("now", now);
        return !graph.query(cypher, p).isEmpty();
    }

    /**
     * Commits a finished attempt: {@code processing -> completed}, storing the report and linking
     * its sources (shared between jobs) in the same query.
     */
    @Override
    public Optional<Job> complete(Lease lease, Report report, String capabilityPod, long now) {
        List<Map<String, Object>> sources = new ArrayList<>();
        for (int i = 0; i < report.sources().size(); i++) {
            Source source = report.sources().get(i);
            Map<String, Object> entry = new HashMap<>();
            entry.put("url", source.url());
            entry.put("title", source.title());
            entry.put("position", i);
            sources.add(entry);
        }
        Map<String, Object> p = leaseParameters(lease);
        p.put("title", report.title());
        p.put("markdown", report.markdown());
        p.put("durationMs", report.durationMs());
        p.put("sources", sources);
        p.put("sourceCount", sources.size());
        p.put("pod", capabilityPod);
        p.put("now", now);
        String cypher =
                "MATCH (j:Job {id: $id}) WHERE j.status = 'processing' AND j.attempt = $attempt"
                        + " AND j.leaseToken = $token"
                        + " SET j.status = 'completed', j.completedAt = $now, j.updatedAt = $now,"
                        + " j.errorReason = null, j.error = null,"
                        + " j.leaseExpiresAt = null, j.reportTitle = $title,"
                        + " j.sourceCount = $sourceCount, j.capabilityPod = $pod"
                        + " CREATE (j)-[:PRODUCED]->(r:Report {title: $title, markdown: $markdown,"
                        + " durationMs: $durationMs, attempt: $attempt, createdAt: $now})"
                        + " FOREACH (s IN $sources |"
                        + " MERGE (src:Source {url: s.url}) ON CREATE SET src.title = s.title"
                        + " CREATE (r)-[:CITES {position: s.position, title: s.title}]->(src))"
                        + COLUMNS;
        return first(graph.query(cypher, p));
    }

    /** Whether this very lease already committed its attempt with the given status. */
    @Override
    public boolean committedBy(Lease lease, JobStatus status) {
        String cypher =
                "MATCH (j:Job {id: $id}) WHERE j.status = $status AND j.attempt = $attempt"
                        + " AND j.leaseToken = $token RETURN j.id AS id";
        Map<String, Object> p = leaseParameters(lease);
        p.put("status", status.wireName());
        return !graph.read(cypher, p).isEmpty() || !history.graph().read(cypher, p).isEmpty();
    }

    /**
     * Ends a job {@code failed}. With a lease, only that lease's holder can do it; without one
     * (supervision), only while the job is still in {@code expected} status at that attempt.
     */
    @Override
    public Optional<Job> fail(
            String id,
            int attempt,
            JobStatus expected,
            String token,
            Long leaseExpiredBefore,
            JobFailure failure,
            long now) {
        Map<String, Object> p = transitionParameters(id, attempt, expected, token, failure, now);
        p.put("expiredBefore", leaseExpiredBefore);
        String cypher =
                "MATCH (j:Job {id: $id}) WHERE j.status = $expected AND j.attempt = $attempt"
                        + " AND ($token IS NULL OR j.leaseToken = $token)"
                        + " AND ($expiredBefore IS NULL OR j.leaseExpiresAt < $expiredBefore)"
                        + " SET j.status = 'failed', j.errorReason = $reason, j.error = $message,"
                        + " j.completedAt = $now, j.updatedAt = $now, j.leaseExpiresAt = null"
                        + COLUMNS;
        return first(graph.query(cypher, p));
    }

    /**
     * Puts a failed or abandoned attempt back in the queue as the next attempt, not to start before
     * {@code notBefore}. The old lease stops being valid.
     */
    @Override
    public Optional<Job> requeue(
            String id,
            int attempt,
            JobStatus expected,
            String token,
            Long leaseExpiredBefore,
            JobFailure failure,
            long notBefore,
            long now) {
        Map<String, Object> p = transitionParameters(id, attempt, expected, token, failure, now);
        p.put("expiredBefore", leaseExpiredBefore);
        p.put("notBefore", notBefore);
        String cypher =
                "MATCH (j:Job {id: $id}) WHERE j.status = $expected AND j.attempt = $attempt"
                        + " AND ($token IS NULL OR j.leaseToken = $token)"
                        + " AND ($expiredBefore IS NULL OR j.leaseExpiresAt < $expiredBefore)"
                        + " SET j.status = 'queued', j.attempt = $attempt + 1,"
                        + " j.errorReason = $reason, j.error = $message, j.leaseToken = null,"
                        + " j.leaseExpiresAt = null, j.claimant = null, j.attemptStartedAt = null,"
                        + " j.notBefore = $notBefore, j.updatedAt = $now"
                        + COLUMNS;
        return first(graph.query(cypher, p));
    }

    /** Cancels a job that has not finished; answers empty when it had already finished. */
    @Override
    public Optional<Job> cancel(String id, String message, long now) {
        String cypher =
                "MATCH (j:Job {id: $id}) WHERE j.status IN ['queued', 'processing']"
                        + " SET j.status = 'cancelled', j.errorReason = $reason, j.error = $message,"
                        + " j.completedAt = $now, j.updatedAt = $now, j.leaseExpiresAt = null"
                        + COLUMNS;
        Map<String, Object> p =
                Map.of(
                        "id",
                        id,
                        "reason",
                        FailureReason.CANCELLED.wireName(),
                        "message",
                        message,
                        "now",
                        now);
        return first(graph.query(cypher, p));
    }

    /** The report of the job's completed attempt, with its sources in the order cited. */
    @Override
    public Optional<Report> report(String id) {
        Optional<Report> working = reportIn(graph, id);
        return working.isPresent() ? working : reportIn(history.graph(), id);
    }

    private static Optional<Report> reportIn(Graph graph, String id) {
        List<Map<String, Object>> reports =
                graph.read(
                        "MATCH (j:Job {id: $id})-[:PRODUCED]->(r:Report)"
                                + " WHERE j.status = 'completed' AND r.attempt = j.attempt"
                                + " RETURN r.title AS title, r.markdown AS markdown,"
                                + " r.durationMs AS durationMs",
                        Map.of("id", id));
        if (reports.isEmpty()) {
            return Optional.empty();
        }
        List<Source> sources = new ArrayList<>();
        for (Map<String, Object> row :
                graph.read(
                        "MATCH (j:Job {id: $id})-[:PRODUCED]->(r:Report)-[c:CITES]->(s:Source)"
                                + " WHERE r.attempt = j.attempt"
                                + " RETURN s.url AS url, c.title AS title, c.position AS position"
                                + " ORDER BY position",
                        Map.of("id", id))) {
            sources.add(new Source((String) row.get("url"), (String) row.get("title")));
        }
        Map<String, Object> report = reports.get(0);
        return Optional.of(
                new Report(
                        (String) report.get("title"),
                        (String) report.get("markdown"),
                        sources,
                        number(report.get("durationMs"))));
    }

    /** Ids of the jobs whose reports cite a page. */
    @Override
    public List<String> jobsCiting(String url) {
        Set<String> ids = new TreeSet<>();
        for (Graph each : List.of(graph, history.graph())) {
            for (Map<String, Object> row :
                    each.read(
                            "MATCH (j:Job)-[:PRODUCED]->(:Report)-[:CITES]->(:Source {url: $url})"
                                    + " RETURN DISTINCT j.id AS id",
                            Map.of("url", url))) {
                ids.add((String) row.get("id"));
            }
        }
        return List.copyOf(ids);
    }

    private static Map<String, Object> leaseParameters(Lease lease) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", lease.jobId());
        p.put("attempt", lease.attempt());
        p.put("token", lease.token());
        return p;
    }

    private static Map<String, Object> transitionParameters(
            String id,
            int attempt,
            JobStatus expected,
            String token,
            JobFailure failure,
            long now) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("attempt", attempt);
        p.put("expected", expected.wireName());
        p.put("token", token);
        p.put("reason", failure.reason().wireName());
        p.put("message", failure.message());
        p.put("now", now);
        return p;
    }

    private static Optional<Job> first(List<Map<String, Object>> rows) {
        return rows.stream().findFirst().map(FalkorJobStore::toJob);
    }

    private static List<Job> jobs(List<Map<String, Object>> rows) {
        List<Job> jobs = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            jobs.add(toJob(row));
        }
        return jobs;
    }

    private static Job toJob(Map<String, Object> row) {
        String reason = (String) row.get("errorReason");
        JobFailure failure =
                reason == null
                        ? null
                        : new JobFailure(
                                FailureReason.fromWireName(reason), (String) row.get("error"));
        return new Job(
                (String) row.get("id"),
                JobType.fromWireName((String) row.get("type")),
                JobStatus.fromWireName((String) row.get("status")),
                (int) number(row.get("attempt")),
                (int) number(row.get("maxAttempts")),
                readParams((String) row.get("params")),
                (String) row.get("sessionId"),
                failure,
                optionalNumber(row.get("leaseExpiresAt")),
                optionalNumber(row.get("notBefore")),
                optionalNumber(row.get("deadlineAt")),
                number(row.get("createdAt")),
                optionalNumber(row.get("startedAt")),
                optionalNumber(row.get("completedAt")),
                number(row.get("updatedAt")),
                (String) row.get("capabilityPod"),
                (String) row.get("reportTitle"),
                row.get("sourceCount") == null ? null : (int) number(row.get("sourceCount")),
                (String) row.get("pool"),
                row.get("uid") == null && row.get("namespace") == null
                        ? null
                        : new JobOwner(
                                (String) row.get("namespace"),
                                (String) row.get("ownerName"),
                                (String) row.get("uid")),
                row.get("dispatchedAttempt") == null
                        ? null
                        : (int) number(row.get("dispatchedAttempt")),
                (String) row.get("dispatchRef"));
    }

    private static long number(Object value) {
        return value == null ? 0L : ((Number) value).longValue();
    }

    private static Long optionalNumber(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static String writeParams(Map<String, Object> params) {
        try {
            return Json.MAPPER.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job parameters are not JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> readParams(String params) {
        if (params == null) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(params, PARAMS_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored job parameters are not JSON", e);
        }
    }
}
