package io.rsrch.capability;

import io.rsrch.capability.call.Call;
import io.rsrch.capability.call.CallResult;
import io.rsrch.capability.call.Calls;
import io.rsrch.capability.call.ResearchRequest;
import io.rsrch.job.FailureReason;
import io.rsrch.job.Report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /internal/perform-deep-research}: validates the request, joins or starts the call,
 * answers asynchronously when it ends, and stops the call if the caller hangs up.
 */
final class ResearchEndpoint {

    /** Extra time the HTTP answer waits beyond the call's limit, for the worker to stop itself. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final Calls calls;
    private final ScheduledExecutorService timer;
    private final String pod;

    ResearchEndpoint(Calls calls, ScheduledExecutorService timer, String pod) {
        this.calls = calls;
        this.timer = timer;
        this.pod = pod;
    }

    void handle(Context ctx) {
        ResearchRequest request = parse(ctx.body());
        Call call = calls.open(request);
        DisconnectProbe probe;
        try {
            probe =
                    DisconnectProbe.watch(
                            ctx,
                            timer,
                            () -> calls.leave(call, "the caller closed its connection"));
        } catch (RuntimeException e) {
            calls.leave(call, "the connection could not be watched");
            throw e;
        }
        long waitMs = call.signal().limit().plus(GRACE).toMillis();

        CompletableFuture<Void> answer =
                call.result()
                        .copy()
                        .orTimeout(waitMs, TimeUnit.MILLISECONDS)
                        .handle(
                                (result, failure) -> {
                                    probe.close();
                                    if (probe.consumedInput()) {
                                        ctx.header("Connection", "close");
                                    }
                                    if (failure != null) {
                                        CallError.from(failure).write(ctx);
                                    } else {
                                        ctx.json(body(result));
                                    }
                                    return null;
                                });
        ctx.future(() -> answer);
    }

    private Map<String, Object> body(CallResult result) {
        Report report = result.report();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", report.title());
        body.put("markdown", report.markdown());
        body.put(
                "sources",
                report.sources().stream()
                        .map(source -> Map.of("url", source.url(), "title", source.title()))
                        .toList());
        body.put("durationMs", report.durationMs());
        body.put("tab", result.tab());
        body.put("pod", pod);
        return body;
    }

    private ResearchRequest parse(String text) {
        JsonNode body;
        try {
            body = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid("the body must be a JSON object: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw invalid("the body must be a JSON object");
        }
        String jobId = requiredText(body, "jobId");
        String query = requiredText(body, "query");
        if (query.length() > ResearchRequest.MAX_QUERY_LENGTH) {
            throw invalid(
                    "query is "
                            + query.length()
                            + " characters; at most "
                            + ResearchRequest.MAX_QUERY_LENGTH
                            + " are accepted");
        }
        JsonNode attempt = body.path("attempt");
        if (!attempt.canConvertToInt() || !attempt.isIntegralNumber() || attempt.asInt() < 1) {
            throw invalid("attempt must be an integer of at least 1");
        }
        JsonNode timeout = body.path("timeoutMs");
        Long timeoutMs = null;
        if (!timeout.isMissingNode() && !timeout.isNull()) {
            if (!timeout.isIntegralNumber() || timeout.asLong() < 1) {
                throw invalid("timeoutMs must be a positive integer of milliseconds");
            }
            timeoutMs = timeout.asLong();
        }
        return new ResearchRequest(
                jobId,
                attempt.asInt(),
                query,
                optionalText(body, "gem"),
                optionalText(body, "sessionId"),
                timeoutMs);
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid(field + " is required and must be a non-blank string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(field + " must be a string when given");
        }
        return value.asText().isBlank() ? null : value.asText();
    }

    private static ErrorAnswer invalid(String message) {
        return new ErrorAnswer(CallError.of(400, FailureReason.INVALID_SPEC, message));
    }
}
