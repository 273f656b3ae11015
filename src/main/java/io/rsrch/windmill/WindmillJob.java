package io.rsrch.windmill;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Windmill job as {@code jobs_u/get} describes it: queued (maybe running) or completed, and for a
 * completed one whether it succeeded or was cancelled, with its result.
 */
public record WindmillJob(
        String id,
        boolean completed,
        boolean running,
        boolean success,
        boolean canceled,
        JsonNode result) {

    static WindmillJob from(JsonNode json) {
        boolean completed = "CompletedJob".equals(json.path("type").asText());
        return new WindmillJob(
                json.path("id").asText(),
                completed,
                json.path("running").asBoolean(false),
                json.path("success").asBoolean(false),
                json.path("canceled").asBoolean(false),
                json.get("result"));
    }
}
