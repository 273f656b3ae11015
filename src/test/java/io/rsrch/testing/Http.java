package io.rsrch.testing;

import io.rsrch.Json;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON-over-HTTP client for tests, talking to servers on this machine. */
public final class Http {

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String bearer;

    public Http(String base) {
        this(base, null);
    }

    private Http(String base, String bearer) {
        this.base = base;
        this.bearer = bearer;
    }

    /** The same client presenting a bearer token on every request. */
    public Http withBearer(String token) {
        return new Http(base, token);
    }

    /** A status code with its parsed JSON body and headers. */
    public record Answer(int status, JsonNode body, Map<String, java.util.List<String>> headers) {}

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Answer post(String path, String body) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Posts raw bytes; {@code chunked} sends them without a Content-Length, as a streaming client
     * would.
     */
    public Answer postBytes(String path, byte[] body, boolean chunked) {
        HttpRequest.BodyPublisher publisher =
                chunked
                        ? HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body);
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(publisher));
    }

    /** Posts JSON with one extra request header. */
    public Answer post(String path, Object json, String header, String value) {
        try {
            return send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .header("Content-Type", "application/json")
                            .header(header, value)
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            Json.MAPPER.writeValueAsString(json))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Answer post(String path, Object json) {
        try {
            return post(path, Json.MAPPER.writeValueAsString(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer send(HttpRequest.Builder request) {
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response =
                    client.send(
                            request.timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = Json.MAPPER.readTree(text == null || text.isBlank() ? "{}" : text);
            return new Answer(response.statusCode(), json, response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
