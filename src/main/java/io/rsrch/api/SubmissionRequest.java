package io.rsrch.api;

import io.rsrch.Json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.http.Context;

import java.io.IOException;

/**
 * Reads and checks the body of a submission. Every limit is stated here and in the README, and a
 * request over one is refused whole, before anything is stored.
 */
final class SubmissionRequest {

    /** Longest research question accepted, in characters. */
    static final int MAX_QUERY_LENGTH = 20_000;

    /** Longest gem name or session id accepted, in characters. */
    static final int MAX_NAME_LENGTH = 200;

    /** One JSON value and nothing after it: trailing text means the client sent something else. */
    private static final ObjectReader READER =
            Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode body;

    private SubmissionRequest(JsonNode body) {
        this.body = body;
    }

    /** Reads the request's body; see {@link RequestText} for what is refused. */
    static SubmissionRequest parse(Context ctx) {
        return parse(RequestText.read(ctx));
    }

    static SubmissionRequest parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException(400, "the request needs a JSON body");
        }
        JsonNode body;
        try {
            body = READER.readTree(text);
        } catch (IOException e) {
            throw new BadRequestException(400, "the request body is not valid JSON");
        }
        return of(body);
    }

    static SubmissionRequest of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException(400, "the request body must be a JSON object");
        }
        return new SubmissionRequest(body);
    }

    JsonNode body() {
        return body;
    }

    /** The research question: required, a non-blank string within the length limit. */
    String query() {
        JsonNode query = body.get("query");
        if (query == null || query.isNull()) {
            throw new BadRequestException(400, "query is required");
        }
        if (!query.isTextual()) {
            throw new BadRequestException(400, "query must be a string");
        }
        String text = query.asText();
        if (text.isBlank()) {
            throw new BadRequestException(400, "query must not be empty");
        }
        RequestText.requireStorable("query", text);
        if (text.length() > MAX_QUERY_LENGTH) {
            throw new BadRequestException(
                    413,
                    "query is " + text.length() + " characters; the limit is " + MAX_QUERY_LENGTH);
        }
        return text;
    }

    /** An optional short string field, {@code null} when absent. */
    String optionalName(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestException(400, field + " must be a string");
        }
        String text = value.asText();
        RequestText.requireStorable(field, text);
        if (text.length() > MAX_NAME_LENGTH) {
            throw new BadRequestException(
                    400, field + " is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return text.isBlank() ? null : text;
    }
}
