package io.rsrch.windmill;

import io.rsrch.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a Windmill server in tests. It answers the routes rsrch calls, with the shapes of
 * Windmill's generated client, serves variables the way {@code windmill-client} reads them, and
 * runs each queued job for real: {@code f/rsrch/worker} under Node, as a Windmill worker would,
 * with {@code WM_JOB_ID}, {@code WM_TOKEN}, {@code WM_WORKSPACE} and {@code BASE_INTERNAL_URL}.
 */
public final class FakeWindmill implements AutoCloseable {

    static final String WORKSPACE = "rsrch";
    static final String TOKEN = "fake-windmill-token";

    private final Javalin app;
    private final Map<String, String> variables = new ConcurrentHashMap<>();
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger runRequests = new AtomicInteger();

    /** One Windmill job: its arguments, its Node process, and how it ended. */
    static final class Run {
        final String id;
        final String scriptPath;
        final JsonNode args;
        volatile Process process;
        volatile boolean completed;
        volatile boolean success;
        volatile boolean canceled;
        volatile JsonNode result;
        volatile String output = "";

        Run(String id, String scriptPath, JsonNode args) {
            this.id = id;
            this.scriptPath = scriptPath;
            this.args = args;
        }
    }

    public FakeWindmill() {
        app = Javalin.create(config -> config.showJavalinBanner = false);
        app.before("/api/*", this::guard);
        app.post(api(WindmillRoute.RUN_SCRIPT_BY_PATH).replace("{path}", "<path>"), this::run);
        app.get(api(WindmillRoute.GET_JOB), this::getJob);
        app.get(api(WindmillRoute.GET_RESULT_MAYBE), this::getResultMaybe);
        app.post(api(WindmillRoute.CANCEL_QUEUED_JOB), this::cancel);
        app.get(api(WindmillRoute.LIST_JOBS), this::list);
        app.get("/api/w/{workspace}/variables/get_value/<path>", this::variable);
        app.start("127.0.0.1", 0);
    }

    private static String api(WindmillRoute route) {
        return "/api" + route.template();
    }

    public String url() {
        return "http://127.0.0.1:" + app.port();
    }

    public WindmillSettings settings() {
        return new WindmillSettings(url(), WORKSPACE, TOKEN, null);
    }

    public void setVariable(String path, String value) {
        variables.put(path, value);
    }

    /** While down, every route answers 503, as a Windmill outage would. */
    public void setDown(boolean value) {
        down.set(value);
    }

    public int runRequests() {
        return runRequests.get();
    }

    public List<Run> runs() {
        return new ArrayList<>(runs.values());
    }

    /** Kills a job's worker process at once, as a dying Windmill worker would. */
    public void killWorker(String id) {
        Run run = runs.get(id);
        if (run != null && run.process != null) {
            run.process.descendants().forEach(ProcessHandle::destroyForcibly);
            run.process.destroyForcibly();
        }
    }

    private void guard(Context ctx) {
        if (down.get()) {
            ctx.status(503).result("Windmill is down");
            ctx.skipRemainingHandlers();
            return;
        }
        if (!("Bearer " + TOKEN).equals(ctx.header("Authorization"))) {
            ctx.status(401).result("Unauthorized");
            ctx.skipRemainingHandlers();
            return;
        }
        if (!WORKSPACE.equals(ctx.pathParamMap().getOrDefault("workspace", WORKSPACE))) {
            ctx.status(404).result("no such workspace");
            ctx.skipRemainingHandlers();
        }
    }

    private void run(Context ctx) throws IOException {
        runRequests.incrementAndGet();
        String id = ctx.queryParam("job_id");
        String path = ctx.pathParam("path");
        if (id == null) {
            ctx.status(400).result("this fake needs job_id");
            return;
        }
        Run run = new Run(id, path, Json.MAPPER.readTree(ctx.body()));
        if (runs.putIfAbsent(id, run) != null) {
            ctx.status(400).result("job with id " + id + " already exists");
            return;
        }
        start(run);
        ctx.status(201).result(id);
    }

    private void start(Run run) throws IOException {
        Path log = Files.createTempFile("windmill-job", ".log");
        ProcessBuilder builder =
                new ProcessBuilder("node", "windmill/run-worker.mjs", run.args.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().put("BASE_INTERNAL_URL", url());
        builder.environment().put("WM_TOKEN", TOKEN);
        builder.environment().put("WM_WORKSPACE", WORKSPACE);
        builder.environment().put("WM_JOB_ID", run.id);
        run.process = builder.start();
        run.process
                .onExit()
                .thenAccept(
                        exited -> {
                            try {
                                run.output = Files.readString(log, StandardCharsets.UTF_8);
                            } catch (IOException e) {
                                run.output = "";
                            }
                            run.success = !run.canceled && exited.exitValue() == 0;
                            if (!run.success) {
                                System.out.println(
                                        "fake windmill: job "
                                                + run.id
                                                + " exited "
                                                + exited.exitValue()
                                                + ":\n"
                                                + run.output);
                            }
                            run.result = lastJsonLine(run.output);
                            run.completed = true;
                        });
    }

    private static JsonNode lastJsonLine(String output) {
        String[] lines = output.strip().split("\n");
        try {
            return Json.MAPPER.readTree(lines[lines.length - 1]);
        } catch (IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(lines[lines.length - 1]);
        }
    }

    private void getJob(Context ctx) {
        Run run = runs.get(ctx.pathParam("id"));
        if (run == null) {
            ctx.status(404).result("job not found");
            return;
        }
        ObjectNode job = Json.MAPPER.createObjectNode();
        job.put("id", run.id);
        job.put("script_path", run.scriptPath);
        job.set("args", run.args);
        job.put("canceled", run.canceled);
        if (run.completed) {
            job.put("type", "CompletedJob");
            job.put("success", run.success);
            job.set("result", run.result);
        } else {
            job.put("type", "QueuedJob");
            job.put("running", run.process != null && run.process.isAlive());
        }
        ctx.json(job);
    }

    private void getResultMaybe(Context ctx) {
        Run run = runs.get(ctx.pathParam("id"));
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("completed", run != null && run.completed);
        answer.set("result", run == null ? null : run.result);
        if (run != null && run.completed) {
            answer.put("success", run.success);
        }
        answer.put("started", run != null);
        ctx.json(answer);
    }

    private void cancel(Context ctx) {
        Run run = runs.get(ctx.pathParam("id"));
        if (run == null || run.completed) {
            ctx.status(400).result("job not found or already finished");
            return;
        }
        run.canceled = true;
        killWorker(run.id);
        ctx.result(run.id);
    }

    private void list(Context ctx) throws IOException {
        String script = ctx.queryParam("script_path_exact");
        JsonNode wanted =
                ctx.queryParam("args") == null
                        ? Json.MAPPER.createObjectNode()
                        : Json.MAPPER.readTree(ctx.queryParam("args"));
        List<ObjectNode> matching = new ArrayList<>();
        for (Run run : runs.values()) {
            boolean argsMatch = true;
            for (Map.Entry<String, JsonNode> field : wanted.properties()) {
                argsMatch &= field.getValue().equals(run.args.get(field.getKey()));
            }
            if ((script == null || script.equals(run.scriptPath)) && argsMatch) {
                ObjectNode job = Json.MAPPER.createObjectNode();
                job.put("id", run.id);
                job.put("type", run.completed ? "CompletedJob" : "QueuedJob");
                job.put("success", run.success);
                job.put("canceled", run.canceled);
                job.set("args", run.args);
                matching.add(job);
            }
        }
        ctx.json(matching);
    }

    private void variable(Context ctx) {
        String value = variables.get(ctx.pathParam("path"));
        if (value == null) {
            ctx.status(404).result("variable not found");
            return;
        }
        try {
            ctx.contentType("application/json").result(Json.MAPPER.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Run run : runs.values()) {
            if (run.process != null && run.process.isAlive()) {
                killWorker(run.id);
            }
        }
        app.stop();
    }
}
