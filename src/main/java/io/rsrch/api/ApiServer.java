package io.rsrch.api;

import io.rsrch.Json;
import io.rsrch.job.Job;
import io.rsrch.job.JobStatus;
import io.rsrch.job.JobStore;
import io.rsrch.job.JobType;
import io.rsrch.job.NewJob;
import io.rsrch.job.Report;
import io.rsrch.store.StoreUnavailableException;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The REST api legacy clients already speak. Writes go through {@link JobControl}; reads come from
 * FalkorDB. Every error is JSON {@code {success: false, error}} with a 4xx or 5xx status.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    public static final String BIND_ALL = "0.0.0.0";
    private static final int DEFAULT_LIST_LIMIT = 100;
    private static final int MAX_LIST_LIMIT = 1000;

    /** Largest body a worker may send, such as a report committed through {@code /internal}. */
    static final long MAX_INTERNAL_BODY_BYTES = 32L * 1024 * 1024;

    private static final List<String> LEGACY_STATUSES =
            List.of("queued", "running", "completed", "failed", "cancelled");

    private final JobStore store;
    private final JobControl control;
    private final int maxAttempts;
    private final Supplier<Map<String, Object>> browserHealth;
    private final InternalJobRoutes internal;
    private final Javalin app;

    private ApiServer(
            JobStore store,
            JobControl control,
            int maxAttempts,
            Supplier<Map<String, Object>> browserHealth,
            InternalJobRoutes internal) {
        this.store = store;
        this.control = control;
        this.maxAttempts = maxAttempts;
        this.browserHealth = browserHealth;
        this.internal = internal;
        this.app =
                Javalin.create(
                        config -> {
                            config.showJavalinBanner = false;
                            config.http.prefer405over404 = true;
                            // Workers commit whole reports through /internal; submissions keep
                            // their own 1 MB limit (RequestText).
                            config.http.maxRequestSize = MAX_INTERNAL_BODY_BYTES;
                            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
                        });
        routes();
    }

    /**
     * Starts the api on a port (0 picks a free one). {@code browserHealth} reports the browser side
     * for {@code /health}, or is null where the api has none.
     */
    public static ApiServer start(
            int port,
            JobStore store,
            JobControl control,
            int maxAttempts,
            Supplier<Map<String, Object>> browserHealth) {
        return start(port, store, control, maxAttempts, browserHealth, null);
    }

    /** Starts the api with the internal job endpoints remote workers use, when given. */
    public static ApiServer start(
            int port,
            JobStore store,
            JobControl control,
            int maxAttempts,
            Supplier<Map<String, Object>> browserHealth,
            InternalJobRoutes internal) {
        return start(BIND_ALL, port, store, control, maxAttempts, browserHealth, internal);
    }

    /** Starts the api on one address: {@code 127.0.0.1} keeps it to this machine. */
    public static ApiServer start(
            String bindAddress,
            int port,
            JobStore store,
            JobControl control,
            int maxAttempts,
            Supplier<Map<String, Object>> browserHealth,
            InternalJobRoutes internal) {
        ApiServer server = new ApiServer(store, control, maxAttempts, browserHealth, internal);
        server.app.start(bindAddress, port);
        log.info("api listening on port {}", server.port());
        return server;
    }

    public int port() {
        return app.port();
    }

    private void routes() {
        app.get("/health", this::health);
        // Liveness: the process serves requests. It must not depend on FalkorDB, or an outage
        // would have Kubernetes restart every api pod while nothing is wrong with them.
        app.get("/livez", ctx -> ctx.json(Map.of("status", "alive")));
        app.post("/deep-research/start", this::startDeepResearch);
        app.get("/deep-research/status/{id}", this::status);
        app.get("/deep-research/result/{id}", this::result);
        app.post("/query", this::query);
        app.post("/jobs/queue", this::queue);
        app.post("/notebook/generate-audio", this::audioOverview);
        app.get("/jobs", this::listJobs);
        app.get("/jobs/{id}", this::getJob);
        app.post("/jobs/{id}/cancel", this::cancel);
        if (internal != null) {
            internal.register(app);
        }
        app.exception(
                InternalJobRoutes.InternalError.class,
                (e, ctx) -> ctx.status(e.status).json(e.body()));

        app.exception(
                BadRequestException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(
                StoreUnavailableException.class,
                (e, ctx) ->
                        error(
                                ctx,
                                503,
                                ("GET".equals(ctx.method().name())
                                                ? "FalkorDB is unavailable, jobs cannot be read"
                                                : "FalkorDB is unavailable, nothing was changed")
                                        + "; retry when /health reports it reachable"));
        app.exception(
                Exception.class,
                (e, ctx) -> {
                    log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                    error(ctx, 500, "internal error; see the api log");
                });
        app.exception(
                HttpResponseException.class,
                (e, ctx) -> {
                    String message =
                            switch (e.getStatus()) {
                                case 404 -> "no route " + ctx.method() + " " + ctx.path();
                                case 405 -> ctx.path() + " does not take " + ctx.method();
                                case 413 ->
                                        "the request body is larger than "
                                                + MAX_INTERNAL_BODY_BYTES / (1024 * 1024)
                                                + " MB";
                                default -> e.getMessage();
                            };
                    error(ctx, e.getStatus(), message);
                });
    }

    private void health(Context ctx) {
        boolean falkordb = store.reachable();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", falkordb ? "ok" : "degraded");
        body.put("falkordb", Map.of("reachable", falkordb));
        if (browserHealth != null) {
            body.put("browser", browserHealth.get());
        }
        ctx.status(falkordb ? 200 : 503).json(body);
    }

    private void startDeepResearch(Context ctx) {
        Job job = submitDeepResearch(ctx, SubmissionRequest.parse(ctx));
        ctx.json(Map.of("success", true, "jobId", job.id(), "status", job.status().legacyName()));
    }

    private void query(Context ctx) {
        SubmissionRequest request = SubmissionRequest.parse(ctx);
        if (!request.body().path("deepResearch").asBoolean(false)) {
            throw new BadRequestException(
                    400, "only deep research queries run as jobs: send deepResearch: true");
        }
        Job job = submitDeepResearch(ctx, request);
        ctx.status(202)
                .json(
                        Map.of(
                                "success",
                                true,
                                "message",
                                job.status() == JobStatus.QUEUED
                                        ? "Deep Research job queued"
                                        : "Deep Research job already " + job.status().legacyName(),
                                "jobId",
                                job.id(),
                                "statusUrl",
                                "/deep-research/status/" + job.id()));
    }

    private void queue(Context ctx) {
        SubmissionRequest request = SubmissionRequest.parse(ctx);
        String type = request.body().path("type").asText("");
        if (JobType.fromWireName(type) != JobType.DEEP_RESEARCH) {
            throw new BadRequestException(
                    400, "type must be \"deep-research\" (got \"" + abbreviate(type) + "\")");
        }
        if (!request.body().path("params").isObject()) {
            throw new BadRequestException(400, "params must be an object with a query");
        }
        SubmissionRequest inner = SubmissionRequest.of(request.body().get("params"));
        String sessionId = request.optionalName("sessionId");
        Job job = submit(ctx, inner.query(), inner.optionalName("gem"), sessionId);
        ctx.status(202)
                .json(
                        Map.of(
                                "success",
                                true,
                                "jobId",
                                job.id(),
                                "status",
                                job.status().legacyName()));
    }

    private void audioOverview(Context ctx) {
        // Limitation: audio overviews are part of the legacy contract but no site adapter for
        // NotebookLM exists yet; refusing at once is better than a job that can only fail.
        error(
                ctx,
                501,
                "audio overviews are not carried out by this version of rsrch; nothing was"
                        + " queued");
    }

    private Job submitDeepResearch(Context ctx, SubmissionRequest request) {
        return submit(
                ctx,
                request.query(),
                request.optionalName("gem"),
                request.optionalName("sessionId"));
    }

    /**
     * Submits a Deep Research job; with an {@code Idempotency-Key}, a repeat of the same request
     * answers the job the first one created, and a different request under that key is refused.
     */
    private Job submit(Context ctx, String query, String gem, String sessionId) {
        String id = IdempotencyKey.jobId(ctx.header(IdempotencyKey.HEADER));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("query", query);
        if (gem != null) {
            params.put("gem", gem);
        }
        String session = sessionId == null ? "default" : sessionId;
        NewJob request = new NewJob(id, JobType.DEEP_RESEARCH, params, session, maxAttempts, null);
        Job job = control.submit(request);
        if (!job.params().equals(request.params()) || !job.sessionId().equals(session)) {
            throw new BadRequestException(
                    422,
                    IdempotencyKey.HEADER
                            + " was already used for a different request (job "
                            + job.id()
                            + "); use a new key for a new job");
        }
        return job;
    }

    private void status(Context ctx) {
        ctx.json(JobView.status(requireJob(ctx)));
    }

    private void result(Context ctx) {
        Job job = requireJob(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobId", job.id());
        body.put("status", job.status().legacyName());
        if (!job.status().isFinal()) {
            body.put("success", true);
            body.put("message", "the job is " + job.status().legacyName() + "; ask again later");
            ctx.status(202).json(body);
            return;
        }
        if (job.status() == JobStatus.COMPLETED) {
            Optional<Report> report = store.report(job.id());
            if (report.isEmpty()) {
                throw new IllegalStateException("completed job " + job.id() + " has no report");
            }
            body.put("success", true);
            body.put("result", JobView.report(report.get()));
            ctx.json(body);
            return;
        }
        body.put("success", false);
        body.put("reason", job.failure() == null ? null : job.failure().reason().wireName());
        body.put(
                "error",
                job.failure() == null ? job.status().legacyName() : job.failure().message());
        ctx.json(body);
    }

    private void listJobs(Context ctx) {
        int limit = limit(ctx.queryParam("limit"));
        String status = ctx.queryParam("status");
        if (status != null && !LEGACY_STATUSES.contains(status)) {
            throw new BadRequestException(
                    400, "status must be one of " + String.join(", ", LEGACY_STATUSES));
        }
        List<Job> jobs =
                status == null ? store.list(limit) : store.list(fromLegacyName(status), limit);
        List<Map<String, Object>> views = new ArrayList<>();
        for (Job job : jobs) {
            views.add(JobView.job(job));
        }
        ctx.json(Map.of("success", true, "jobs", views));
    }

    private static JobStatus fromLegacyName(String name) {
        return name.equals("running") ? JobStatus.PROCESSING : JobStatus.fromWireName(name);
    }

    private void getJob(Context ctx) {
        ctx.json(Map.of("success", true, "job", JobView.job(requireJob(ctx))));
    }

    private void cancel(Context ctx) {
        Job job = requireJob(ctx);
        Optional<Job> cancelled = control.cancel(job.id(), "cancelled through the api");
        if (cancelled.isEmpty()) {
            throw new BadRequestException(
                    409,
                    "job " + job.id() + " has already finished as " + job.status().legacyName());
        }
        ctx.json(Map.of("success", true, "job", JobView.job(cancelled.get())));
    }

    private Job requireJob(Context ctx) {
        String id = ctx.pathParam("id");
        return store.find(id)
                .orElseThrow(() -> new BadRequestException(404, "no job " + abbreviate(id)));
    }

    private static boolean isJson(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("application/json");
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIST_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit < 1 || limit > MAX_LIST_LIMIT) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new BadRequestException(
                    400, "limit must be a number from 1 to " + MAX_LIST_LIMIT);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    private static void error(Context ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", message);
        ctx.status(status).json(body);
    }

    @Override
    public void close() {
        app.stop();
    }
}
