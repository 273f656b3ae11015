package io.rsrch.windmill;

import io.rsrch.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Calls Windmill's REST API: run a script by path asynchronously under a chosen job id, read a job,
 * poll its result, cancel it, list jobs of a script by arguments. Only the routes in {@link
 * WindmillRoute} are used. Errors name the route and status, never the token.
 */
public final class WindmillClient {

    private static final MediaType JSON = MediaType.get("application/json");

    private final WindmillSettings settings;
    private final OkHttpClient http;

    public WindmillClient(WindmillSettings settings) {
        this.settings = settings;
        this.http =
                new OkHttpClient.Builder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .readTimeout(Duration.ofSeconds(30))
                        .build();
    }

    public WindmillSettings settings() {
        return settings;
    }

    /** Queues a script run with these arguments under {@code jobId}; answers the job id. */
    public UUID runScriptByPath(String scriptPath, Map<String, Object> args, UUID jobId) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("job_id", jobId.toString());
        if (settings.tag() != null) {
            query.put("tag", settings.tag());
        }
        String body = write(args);
        String answer =
                call(WindmillRoute.RUN_SCRIPT_BY_PATH, Map.of("path", scriptPath), query, body);
        String id = answer.trim().replace("\"", "");
        return id.isEmpty() ? jobId : UUID.fromString(id);
    }

    /** The job, or empty when Windmill knows no job with that id. */
    public Optional<WindmillJob> getJob(UUID id) {
        try {
            String answer =
                    call(
                            WindmillRoute.GET_JOB,
                            Map.of("id", id.toString()),
                            Map.of("no_logs", "true"),
                            null);
            return Optional.of(WindmillJob.from(parse(answer)));
        } catch (WindmillException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether the job has completed, and its result and success when it has. */
    public JsonNode getResultMaybe(UUID id) {
        return parse(
                call(WindmillRoute.GET_RESULT_MAYBE, Map.of("id", id.toString()), Map.of(), null));
    }

    /** Cancels a queued or running job. */
    public void cancel(UUID id, String reason) {
        call(
                WindmillRoute.CANCEL_QUEUED_JOB,
                Map.of("id", id.toString()),
                Map.of(),
                write(Map.of("reason", reason)));
    }

    /** Jobs of one script whose arguments contain {@code args}. */
    public List<WindmillJob> listJobs(String scriptPath, Map<String, Object> args) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("script_path_exact", scriptPath);
        query.put("args", write(args));
        List<WindmillJob> jobs = new ArrayList<>();
        for (JsonNode job : parse(call(WindmillRoute.LIST_JOBS, Map.of(), query, null))) {
            jobs.add(WindmillJob.from(job));
        }
        return jobs;
    }

    private String call(
            WindmillRoute route, Map<String, String> path, Map<String, String> query, String body) {
        HttpUrl url = url(route, path, query);
        Request.Builder request =
                new Request.Builder()
                        .url(url)
                        .header("Authorization", "Bearer " + settings.token());
        if ("POST".equals(route.method())) {
            request.post(RequestBody.create(body == null ? "{}" : body, JSON));
        } else {
            request.get();
        }
        try (Response response = http.newCall(request.build()).execute()) {
            String text = response.body().string();
            if (!response.isSuccessful()) {
                throw new WindmillException(
                        response.code(),
                        route + " answered " + response.code() + ": " + abbreviate(text),
                        null);
            }
            return text;
        } catch (IOException e) {
            throw new WindmillException(
                    0,
                    route
                            + " could not reach Windmill at "
                            + settings.baseUrl()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private HttpUrl url(WindmillRoute route, Map<String, String> path, Map<String, String> query) {
        HttpUrl base = HttpUrl.parse(settings.baseUrl() + "/api");
        if (base == null) {
            throw new IllegalArgumentException(
                    "RSRCH_WINDMILL_URL is not a URL: " + settings.baseUrl());
        }
        HttpUrl.Builder url = base.newBuilder();
        for (String segment : route.template().substring(1).split("/")) {
            if (segment.equals("{workspace}")) {
                url.addPathSegment(settings.workspace());
            } else if (segment.startsWith("{")) {
                String value = path.get(segment.substring(1, segment.length() - 1));
                // A script path such as f/rsrch/worker keeps its slashes, as in Windmill's client.
                url.addPathSegments(value);
            } else {
                url.addPathSegment(segment);
            }
        }
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            if (!route.query().contains(parameter.getKey())) {
                throw new IllegalArgumentException(
                        route + " has no query parameter " + parameter.getKey());
            }
            url.addQueryParameter(parameter.getKey(), parameter.getValue());
        }
        return url.build();
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new WindmillException(200, "Windmill answered something that is not JSON", e);
        }
    }

    private static String write(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
