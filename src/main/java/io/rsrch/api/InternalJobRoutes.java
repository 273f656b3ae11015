package io.rsrch.api;

import io.rsrch.BearerToken;
import io.rsrch.Json;
import io.rsrch.job.CommitResult;
import io.rsrch.job.FailureReason;
import io.rsrch.job.Job;
import io.rsrch.job.JobFailure;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.Lease;
import io.rsrch.job.Report;
import io.rsrch.job.Source;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The endpoints a remote worker (the Windmill script) uses to carry out an attempt: claim it, renew
 * its lease, and commit the report or the failure. All need the internal bearer token, and every
 * commit is fenced by the lease token: a stale one gets 409 and changes nothing.
 */
public final class InternalJobRoutes {

    private final JobLifecycle lifecycle;
    private final BearerToken token;
    private final Function<Job, String> capabilityUrl;

    /**
     * @param capabilityUrl where the job's capability answers, told to the worker with its claim
     */
    public InternalJobRoutes(
            JobLifecycle lifecycle, BearerToken token, Function<Job, String> capabilityUrl) {
        this.lifecycle = lifecycle;
        this.token = token;
        this.capabilityUrl = capabilityUrl;
    }

    void register(Javalin app) {
        app.before("/internal/*", this::requireToken);
        app.post("/internal/jobs/{id}/claim", this::claim);
        app.post("/internal/jobs/{id}/heartbeat", this::heartbeat);
        app.post("/internal/jobs/{id}/complete", this::complete);
        app.post("/internal/jobs/{id}/fail", this::fail);
    }

    private void requireToken(Context ctx) {
        if (!token.accepts(ctx.header("Authorization"))) {
            throw new InternalError(
                    401,
                    "Unauthorized",
                    "send Authorization: Bearer with the internal token (RSRCH_INTERNAL_TOKEN)",
                    null);
        }
    }

    private void claim(Context ctx) {
        Job job = requireJob(ctx);
        JsonNode body = body(ctx);
        int attempt = attempt(body);
        String claimant = text(body, "claimant");
        Optional<Lease> lease = lifecycle.claim(job.id(), attempt, claimant);
        if (lease.isEmpty()) {
            throw conflict("NotClaimable", "attempt " + attempt + " cannot be claimed", job.id());
        }
        Job claimed = lifecycle.store().find(job.id()).orElse(job);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jobId", claimed.id());
        answer.put("attempt", lease.get().attempt());
        answer.put("leaseToken", lease.get().token());
        answer.put("leaseExpiresAt", lease.get().expiresAt());
        answer.put("leaseSeconds", lifecycle.leaseDuration().toSeconds());
        answer.put("type", claimed.type().wireName());
        answer.put("params", claimed.params());
        answer.put("sessionId", claimed.sessionId());
        String url = capabilityUrl.apply(claimed);
        if (url != null) {
            answer.put("capabilityUrl", url);
        }
        ctx.json(answer);
    }

    private void heartbeat(Context ctx) {
        Job job = requireJob(ctx);
        Lease lease = lease(job, body(ctx));
        if (!lifecycle.heartbeat(lease)) {
            throw conflict("LeaseLost", "the lease is no longer current; stop the work", job.id());
        }
        ctx.json(
                Map.of(
                        "leaseExpiresAt",
                        System.currentTimeMillis() + lifecycle.leaseDuration().toMillis()));
    }

    private void complete(Context ctx) {
        Job job = requireJob(ctx);
        JsonNode body = body(ctx);
        Lease lease = lease(job, body);
        Report report = report(body.path("report"));
        String pod = body.hasNonNull("capabilityPod") ? body.get("capabilityPod").asText() : null;
        answer(ctx, job, lifecycle.complete(lease, report, pod));
    }

    private void fail(Context ctx) {
        Job job = requireJob(ctx);
        JsonNode body = body(ctx);
        Lease lease = lease(job, body);
        String reason = text(body, "reason");
        FailureReason known = null;
        for (FailureReason candidate : FailureReason.values()) {
            if (candidate.wireName().equals(reason)) {
                known = candidate;
            }
        }
        if (known == null) {
            throw new InternalError(400, "InvalidSpec", "unknown failure reason " + reason, null);
        }
        String message = body.path("message").asText("");
        answer(ctx, job, lifecycle.fail(lease, new JobFailure(known, message)));
    }

    private void answer(Context ctx, Job job, CommitResult result) {
        if (result == CommitResult.REFUSED) {
            throw conflict(
                    "LeaseLost", "the lease is no longer current; nothing changed", job.id());
        }
        ctx.json(Map.of("result", result == CommitResult.APPLIED ? "applied" : "already_applied"));
    }

    private Job requireJob(Context ctx) {
        String id = ctx.pathParam("id");
        return lifecycle
                .store()
                .find(id)
                .orElseThrow(() -> new InternalError(404, "NotFound", "no job " + id, null));
    }

    private InternalError conflict(String reason, String message, String jobId) {
        Map<String, Object> job = new LinkedHashMap<>();
        lifecycle
                .store()
                .find(jobId)
                .ifPresent(
                        current -> {
                            job.put("status", current.status().wireName());
                            job.put("attempt", current.attempt());
                        });
        return new InternalError(409, reason, message, job);
    }

    private static Lease lease(Job job, JsonNode body) {
        return new Lease(job.id(), attempt(body), text(body, "leaseToken"), 0L);
    }

    private static Report report(JsonNode report) {
        if (!report.isObject()
                || !report.path("title").isTextual()
                || !report.path("markdown").isTextual()) {
            throw new InternalError(400, "InvalidSpec", "report needs a title and markdown", null);
        }
        if (report.toString().contains("\\u0000")) {
            throw new InternalError(400, "InvalidSpec", "the report contains NUL characters", null);
        }
        List<Source> sources = new ArrayList<>();
        for (JsonNode source : report.path("sources")) {
            if (!source.path("url").isTextual()) {
                throw new InternalError(400, "InvalidSpec", "every source needs a url", null);
            }
            sources.add(new Source(source.get("url").asText(), source.path("title").asText("")));
        }
        return new Report(
                report.get("title").asText(),
                report.get("markdown").asText(),
                sources,
                report.path("durationMs").asLong(0));
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode body = Json.MAPPER.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new IOException("not an object");
            }
            return body;
        } catch (IOException e) {
            throw new InternalError(400, "InvalidSpec", "the body must be a JSON object", null);
        }
    }

    private static int attempt(JsonNode body) {
        JsonNode attempt = body.get("attempt");
        if (attempt == null || !attempt.canConvertToInt() || attempt.asInt() < 1) {
            throw new InternalError(400, "InvalidSpec", "attempt must be a number from 1", null);
        }
        return attempt.asInt();
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InternalError(400, "InvalidSpec", field + " is required", null);
        }
        return value.asText();
    }

    /** An answer in the internal shape {@code {error: {reason, message}, job?}}. */
    static final class InternalError extends RuntimeException {

        final int status;
        final String reason;
        final Map<String, Object> job;

        InternalError(int status, String reason, String message, Map<String, Object> job) {
            super(message);
            this.status = status;
            this.reason = reason;
            this.job = job;
        }

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", Map.of("reason", reason, "message", getMessage()));
            if (job != null && !job.isEmpty()) {
                body.put("job", job);
            }
            return body;
        }
    }
}
