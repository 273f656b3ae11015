package io.rsrch.operator;

import io.rsrch.job.JobStore;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The operator's own endpoints on port 8080: {@code /health} (readiness), {@code /livez} (liveness)
 * and Prometheus {@code /metrics}.
 */
final class OperatorHttp implements AutoCloseable {

    private final Javalin app;

    OperatorHttp(
            int port,
            JobStore store,
            BooleanSupplier operatorRunning,
            PrometheusMeterRegistry metrics) {
        app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get(
                "/health",
                ctx -> {
                    boolean falkordb = store.reachable();
                    boolean running = operatorRunning.getAsBoolean();
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", falkordb && running ? "ok" : "degraded");
                    body.put("falkordb", Map.of("reachable", falkordb));
                    body.put("operator", Map.of("running", running));
                    ctx.status(falkordb && running ? 200 : 503).json(body);
                });
        // Liveness only says the process serves requests; /health (readiness) covers FalkorDB.
        app.get("/livez", ctx -> ctx.json(Map.of("status", "alive")));
        app.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
        app.start("0.0.0.0", port);
    }

    int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
