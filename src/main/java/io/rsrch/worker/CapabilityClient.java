package io.rsrch.worker;

import io.rsrch.Json;
import io.rsrch.job.FailureReason;
import io.rsrch.job.Report;
import io.rsrch.job.Source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Calls a capability's internal endpoints for a worker. A research call stays open for as long as
 * the browser works; cancelling it closes the connection, which makes the capability stop the work
 * and free the tab.
 */
public final class CapabilityClient {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_MARGIN = Duration.ofSeconds(30);

    /**
     * Idle connections kept per client. OkHttp's default of five would close and reopen a
     * connection for most calls once more than five workers call the same capability at once.
     */
    private static final int IDLE_CONNECTIONS = 64;

    private final OkHttpClient http;
    private final String baseUrl;
    private final String token;
    private final Map<String, Call> inFlight = new ConcurrentHashMap<>();

    public CapabilityClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.http =
                new OkHttpClient.Builder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .readTimeout(Duration.ZERO)
                        .retryOnConnectionFailure(false)
                        .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                        .build();
    }

    /** Runs Deep Research for one attempt and waits for the report. */
    public CapabilityAnswer performDeepResearch(ResearchCall call) throws CapabilityCallException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("jobId", call.jobId());
        body.put("attempt", call.attempt());
        body.put("query", call.query());
        body.put("gem", call.gem());
        body.put("sessionId", call.sessionId());
        body.put("timeoutMs", call.timeout().toMillis());
        Request request =
                new Request.Builder()
                        .url(baseUrl + "/internal/perform-deep-research")
                        .header("Authorization", "Bearer " + token)
                        .post(RequestBody.create(body.toString(), JSON))
                        .build();
        Call http = this.http.newCall(request);
        http.timeout().timeout(call.timeout().plus(CALL_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        String key = call.jobId() + "#" + call.attempt();
        inFlight.put(key, http);
        try (Response response = http.execute()) {
            return answer(response);
        } catch (InterruptedIOException e) {
            throw new CapabilityCallException(
                    http.isCanceled() ? FailureReason.CANCELLED : FailureReason.TIMEOUT,
                    http.isCanceled()
                            ? "the call was cancelled"
                            : "the capability did not answer within " + call.timeout(),
                    null);
        } catch (IOException e) {
            throw new CapabilityCallException(
                    http.isCanceled()
                            ? FailureReason.CANCELLED
                            : FailureReason.CAPABILITY_UNAVAILABLE,
                    "capability at " + baseUrl + " unreachable: " + e.getMessage(),
                    null);
        } finally {
            inFlight.remove(key, http);
        }
    }

    /** Closes the connection of an attempt's call in flight, if any; answers whether one was. */
    public boolean abandon(String jobId, int attempt) {
        Call call = inFlight.remove(jobId + "#" + attempt);
        if (call == null) {
            return false;
        }
        call.cancel();
        return true;
    }

    private CapabilityAnswer answer(Response response) throws IOException, CapabilityCallException {
        String text = response.body().string();
        JsonNode json = parse(text);
        if (response.code() == 429) {
            throw new CapabilityCallException(
                    FailureReason.CAPABILITY_UNAVAILABLE,
                    "every tab of the capability is busy",
                    retryAfter(response));
        }
        if (!response.isSuccessful()) {
            JsonNode error = json.path("error");
            String reason = error.path("reason").asText("");
            String message = error.path("message").asText("capability answered " + response.code());
            FailureReason failure =
                    reason.isEmpty()
                            ? FailureReason.CAPABILITY_UNAVAILABLE
                            : FailureReason.fromWireName(reason);
            throw new CapabilityCallException(failure, message, null);
        }
        List<Source> sources = new ArrayList<>();
        for (JsonNode source : json.path("sources")) {
            sources.add(new Source(source.path("url").asText(), source.path("title").asText("")));
        }
        if (!json.hasNonNull("markdown") || !json.hasNonNull("title")) {
            throw new CapabilityCallException(
                    FailureReason.SITE_ERROR, "the capability answered without a report", null);
        }
        Report report =
                new Report(
                        json.get("title").asText(),
                        json.get("markdown").asText(),
                        sources,
                        json.path("durationMs").asLong());
        return new CapabilityAnswer(report, json.path("pod").asText(null));
    }

    private static JsonNode parse(String text) throws CapabilityCallException {
        try {
            return Json.MAPPER.readTree(text.isBlank() ? "{}" : text);
        } catch (IOException e) {
            throw new CapabilityCallException(
                    FailureReason.CAPABILITY_UNAVAILABLE,
                    "the capability answered something that is not JSON",
                    null);
        }
    }

    private static Duration retryAfter(Response response) {
        String header = response.header("Retry-After");
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(header == null ? "1" : header)));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }
}
