package io.rsrch.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/** A test-side HTTP client for one capability server, speaking its JSON contract. */
final class CapabilityClient {

    static final String TOKEN = "test-token-0123456789";
    private static final MediaType JSON = MediaType.get("application/json");

    final ObjectMapper json = new ObjectMapper();
    final OkHttpClient http =
            new OkHttpClient.Builder()
                    .readTimeout(Duration.ofMinutes(2))
                    .callTimeout(Duration.ofMinutes(2))
                    .retryOnConnectionFailure(false)
                    .build();
    private final String base;

    CapabilityClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** An HTTP answer: status, parsed JSON body and the Retry-After header (or null). */
    record Answer(int status, JsonNode body, String retryAfter) {
        String reason() {
            return body.path("error").path("reason").asText(null);
        }

        String message() {
            return body.path("error").path("message").asText(null);
        }
    }

    ObjectNode researchBody(String jobId, int attempt, String query) {
        ObjectNode body = json.createObjectNode();
        body.put("jobId", jobId);
        body.put("attempt", attempt);
        body.put("query", query);
        return body;
    }

    Answer research(String jobId, int attempt, String query) {
        return post(
                "/internal/perform-deep-research",
                researchBody(jobId, attempt, query).toString(),
                TOKEN);
    }

    /** Starts a research call without waiting; cancel the returned call to hang up. */
    Call startResearch(ObjectNode body) {
        return http.newCall(
                request("/internal/perform-deep-research", TOKEN)
                        .post(RequestBody.create(body.toString(), JSON))
                        .build());
    }

    Answer post(String path, String body, String token) {
        return send(request(path, token).post(RequestBody.create(body, JSON)).build());
    }

    Answer get(String path, String token) {
        return send(request(path, token).get().build());
    }

    JsonNode tabs() {
        return get("/internal/tabs", TOKEN).body();
    }

    JsonNode sandboxStats() {
        return get("/sandbox/stats", null).body();
    }

    void resetSandboxStats() {
        post("/sandbox/stats/reset", "{}", null);
    }

    Answer cancel(String jobId, Map<String, Object> body) {
        try {
            return post(
                    "/internal/calls/" + jobId + "/cancel", json.writeValueAsString(body), TOKEN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Answer read(Response response) throws IOException {
        String text = response.body().string();
        JsonNode body = text.isEmpty() ? json.createObjectNode() : json.readTree(text);
        return new Answer(response.code(), body, response.header("Retry-After"));
    }

    private Request.Builder request(String path, String token) {
        Request.Builder builder = new Request.Builder().url(base + path);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Answer send(Request request) {
        try (Response response = http.newCall(request).execute()) {
            return read(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
