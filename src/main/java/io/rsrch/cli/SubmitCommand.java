package io.rsrch.cli;

import io.rsrch.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/**
 * {@code rsrch submit}: sends one Deep Research job to the api and, with {@code --wait}, follows it
 * to the end, printing each state change and then the report's title and sources.
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = {
            "Submits a Deep Research job through the REST api.",
            "Exit status with --wait: 0 completed, 1 failed or cancelled, 2 gave up waiting or"
                    + " could not reach the api."
        })
final class SubmitCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final MediaType JSON = MediaType.get("application/json");

    @Parameters(index = "0", description = "The research question.")
    String query;

    @Option(
            names = "--api-url",
            defaultValue = "${env:RSRCH_API_URL:-http://127.0.0.1:3001}",
            description = "Where the api listens (env RSRCH_API_URL; default ${DEFAULT-VALUE}).")
    String apiUrl;

    @Option(names = "--gem", description = "Run the question in this Gemini gem.")
    String gem;

    @Option(names = "--session", description = "Session the job belongs to.")
    String session;

    @Option(names = "--wait", description = "Follow the job until it finishes.")
    boolean waitForEnd;

    @Option(
            names = "--timeout-seconds",
            defaultValue = "3600",
            description = "Give up waiting after this long (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(
            names = "--save-dir",
            description = "Also write the finished report as Markdown into this directory.")
    Path saveDir;

    private final OkHttpClient http =
            new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
    private final PrintStream out = System.out;

    @Override
    public Integer call() throws InterruptedException {
        String base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        try {
            JsonNode started = post(base + "/deep-research/start", startBody());
            if (!started.path("success").asBoolean()) {
                System.err.println(
                        "rsrch: the api refused the job: " + started.path("error").asText());
                return 1;
            }
            String jobId = started.path("jobId").asText();
            line("job " + jobId + " submitted: " + started.path("status").asText());
            return waitForEnd ? follow(base, jobId) : 0;
        } catch (IOException e) {
            System.err.println("rsrch: cannot reach the api at " + base + ": " + e.getMessage());
            return 2;
        }
    }

    private ObjectNode startBody() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("query", query);
        if (gem != null) {
            body.put("gem", gem);
        }
        if (session != null) {
            body.put("sessionId", session);
        }
        return body;
    }

    private int follow(String base, String jobId) throws IOException, InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(timeoutSeconds);
        String last = "queued";
        int lastAttempt = 1;
        while (Instant.now().isBefore(giveUp)) {
            JsonNode status = get(base + "/deep-research/status/" + jobId);
            String now = status.path("status").asText();
            int attempt = status.path("attempt").asInt(1);
            if (!now.equals(last) || attempt != lastAttempt) {
                line(
                        "job "
                                + jobId
                                + " attempt "
                                + attempt
                                + ": "
                                + last
                                + " -> "
                                + now
                                + failure(status));
                last = now;
                lastAttempt = attempt;
            }
            switch (now) {
                case "completed":
                    return printReport(base, jobId);
                case "failed":
                case "cancelled":
                    return 1;
                default:
                    Thread.sleep(250);
            }
        }
        line("gave up waiting after " + timeoutSeconds + " s; the job goes on: " + jobId);
        return 2;
    }

    private int printReport(String base, String jobId) throws IOException {
        JsonNode result = get(base + "/deep-research/result/" + jobId).path("result");
        out.println();
        out.println("Report: " + result.path("title").asText());
        out.println("Sources: " + result.path("sources").size());
        out.println(
                "Kept in FalkorDB: (:Job {id: '"
                        + jobId
                        + "'})-[:PRODUCED]->(:Report), in graph rsrch_history once moved"
                        + " (about a second after it finished);"
                        + " full text at "
                        + base
                        + "/deep-research/result/"
                        + jobId);
        if (saveDir != null) {
            Files.createDirectories(saveDir);
            Path file = saveDir.resolve(jobId + ".md");
            Files.writeString(file, result.path("markdown").asText(), StandardCharsets.UTF_8);
            out.println("Saved as Markdown: " + file.toAbsolutePath());
        }
        return 0;
    }

    private static String failure(JsonNode status) {
        if (!status.hasNonNull("reason")) {
            return "";
        }
        return " (" + status.path("reason").asText() + ": " + status.path("error").asText() + ")";
    }

    private void line(String text) {
        out.println(LocalTime.now(ZoneId.systemDefault()).format(TIME) + "  " + text);
    }

    private JsonNode post(String url, ObjectNode body) throws IOException {
        Request request =
                new Request.Builder()
                        .url(url)
                        .post(RequestBody.create(body.toString(), JSON))
                        .build();
        return execute(request);
    }

    private JsonNode get(String url) throws IOException {
        return execute(new Request.Builder().url(url).get().build());
    }

    private JsonNode execute(Request request) throws IOException {
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            return Json.MAPPER.readTree(text.isBlank() ? "{}" : text);
        }
    }
}
