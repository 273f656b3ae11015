package io.rsrch.capability;

import io.rsrch.capability.browser.AttachedChromium;
import io.rsrch.capability.browser.Chromium;
import io.rsrch.capability.browser.LaunchedChromium;
import io.rsrch.capability.call.Calls;
import io.rsrch.capability.sandbox.SandboxSite;
import io.rsrch.capability.site.DeepResearchAdapter;
import io.rsrch.capability.site.InstantSite;
import io.rsrch.capability.site.Site;
import io.rsrch.capability.site.SiteFailure;
import io.rsrch.capability.tab.TabPool;
import io.rsrch.capability.tab.TabView;
import io.rsrch.job.FailureReason;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The capability process: one browser, a pool of its tabs, the {@code /internal/*} endpoints that
 * lease a tab per call, {@code /health}, and the sandbox site.
 */
public final class CapabilityServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CapabilityServer.class);

    /** How long a cancel request waits for the call to let go of its tab before answering. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

    private final CapabilityConfig config;
    private final ObjectMapper json = new ObjectMapper();
    private final InternalToken token;
    private final ScheduledExecutorService timer;
    private final InstantSite instant;
    // Set once while starting; volatile because the HTTP threads are already running by then.
    private volatile Javalin app;
    private volatile Chromium chromium;
    private volatile TabPool pool;
    private volatile Calls calls;
    private volatile ResearchEndpoint researchEndpoint;

    private CapabilityServer(CapabilityConfig config) {
        this.config = config;
        this.token = new InternalToken(config.internalToken());
        this.instant = "instant".equals(config.site()) ? new InstantSite() : null;
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        task -> {
                            Thread thread = new Thread(task, "disconnect-probe");
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    /**
     * Starts the browser and the HTTP server.
     *
     * @throws io.rsrch.capability.browser.BrowserUnavailable if the browser cannot be started
     */
    public static CapabilityServer start(CapabilityConfig config) {
        CapabilityServer server = new CapabilityServer(config);
        try {
            server.startHttp();
            server.startBrowser();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        log.info(
                "capability listening on port {} with {} tabs for site {} (pod {})",
                server.port(),
                config.tabs(),
                config.site(),
                config.podName());
        return server;
    }

    /** The port the HTTP server listens on. */
    public int port() {
        return app.port();
    }

    /** The site this capability drives. */
    public Site site() {
        return siteFor(port());
    }

    private void startHttp() {
        // The idle timeout must outlast the longest call: Jetty would otherwise end a waiting
        // async request, and with it the caller's answer, after 30 s of silence.
        long idleMs = config.callTimeout().plus(Duration.ofMinutes(2)).toMillis();
        app =
                Javalin.create(
                        javalin -> {
                            javalin.showJavalinBanner = false;
                            javalin.jetty.addConnector(
                                    (server, httpConfig) -> {
                                        ServerConnector connector =
                                                new ServerConnector(
                                                        server,
                                                        new HttpConnectionFactory(httpConfig));
                                        connector.setHost(config.bindAddress());
                                        connector.setPort(config.port());
                                        connector.setIdleTimeout(idleMs);
                                        return connector;
                                    });
                        });
        app.exception(ErrorAnswer.class, (e, ctx) -> e.error().write(ctx));
        app.exception(SiteFailure.class, (e, ctx) -> CallError.from(e).write(ctx));
        app.exception(
                HttpResponseException.class,
                (e, ctx) ->
                        new CallError(e.getStatus(), "InvalidSpec", e.getMessage(), null)
                                .write(ctx));
        app.exception(
                Exception.class,
                (e, ctx) -> {
                    log.error("unexpected failure answering {}", ctx.path(), e);
                    CallError.from(e).write(ctx);
                });

        app.before("/internal/*", token::require);
        app.get("/health", this::health);
        app.post("/internal/perform-deep-research", ctx -> research().handle(ctx));
        app.get("/internal/tabs", this::tabs);
        app.post("/internal/calls/{jobId}/cancel", this::cancel);
        new SandboxSite().register(app);
        if (instant != null) {
            instant.register(app);
        }
        app.start();
    }

    private ResearchEndpoint research() {
        if (researchEndpoint == null) {
            throw new SiteFailure(
                    FailureReason.BROWSER_CRASHED, "the capability is still starting; retry");
        }
        return researchEndpoint;
    }

    private void startBrowser() {
        if (instant != null) {
            // Same tab cap, queue and HTTP path; the site answers at once, so no browser starts.
            pool =
                    TabPool.withoutBrowser(
                            config.tabs(), config.queueLimit(), config.queueWaitTimeout());
            calls = new Calls(pool, instant, null, config.callTimeout());
            researchEndpoint = new ResearchEndpoint(calls, timer, config.podName());
            return;
        }
        Site site = siteFor(port());
        if (config.cdpUrl() != null) {
            boolean defaultContext =
                    config.profileDir() != null || config.storageStatePath() == null;
            chromium = new AttachedChromium(config.cdpUrl(), defaultContext);
        } else {
            chromium = LaunchedChromium.start(config.chromiumPath(), config.profileDir());
        }
        pool =
                new TabPool(
                        chromium,
                        config.tabs(),
                        config.queueLimit(),
                        config.queueWaitTimeout(),
                        config.storageStatePath(),
                        site.allowedHosts());
        calls = new Calls(pool, new DeepResearchAdapter(site), chromium, config.callTimeout());
        researchEndpoint = new ResearchEndpoint(calls, timer, config.podName());
    }

    private Site siteFor(int port) {
        if ("gemini".equals(config.site())) {
            return Site.gemini(config.allowedHosts());
        }
        if (instant != null) {
            return InstantSite.site();
        }
        String base =
                config.sandboxBaseUrl() != null
                        ? config.sandboxBaseUrl()
                        : "http://127.0.0.1:" + port + "/sandbox/";
        return Site.sandbox(base, config.allowedHosts());
    }

    private void health(Context ctx) {
        boolean connected = chromium != null && chromium.connected();
        TabView.Pool view = pool == null ? null : pool.view();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", connected || instant != null ? "ok" : "degraded");
        body.put(
                "browser",
                Map.of(
                        "connected",
                        connected,
                        "launches",
                        chromium == null ? 0 : chromium.launches()));
        body.put(
                "tabs",
                Map.of(
                        "total", view == null ? config.tabs() : view.total(),
                        "busy", view == null ? 0 : view.busy()));
        ctx.json(body);
    }

    private void tabs(Context ctx) {
        research();
        TabView.Pool view = pool.view();
        List<Map<String, Object>> tabs =
                view.tabs().stream()
                        .map(
                                tab -> {
                                    Map<String, Object> entry = new LinkedHashMap<>();
                                    entry.put("index", tab.index());
                                    entry.put("free", tab.free());
                                    entry.put("jobId", tab.jobId());
                                    entry.put("attempt", tab.attempt());
                                    entry.put(
                                            "since",
                                            tab.since() == null ? null : tab.since().toString());
                                    return entry;
                                })
                        .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tabs", tabs);
        body.put("busy", view.busy());
        body.put("total", view.total());
        body.put("waiting", view.waiting());
        body.put("maxBusy", view.maxBusy());
        ctx.json(body);
    }

    private void cancel(Context ctx) {
        research();
        Integer attempt = null;
        String text = ctx.body();
        if (!text.isBlank()) {
            try {
                JsonNode body = json.readTree(text);
                if (body != null && body.path("attempt").isIntegralNumber()) {
                    attempt = body.path("attempt").asInt();
                }
            } catch (IOException e) {
                throw new ErrorAnswer(
                        CallError.of(400, FailureReason.INVALID_SPEC, "the body must be JSON"));
            }
        }
        boolean cancelled = calls.cancel(ctx.pathParam("jobId"), attempt, CANCEL_WAIT);
        ctx.json(Map.of("cancelled", cancelled));
    }

    /** The browser's process id when this capability launched it, else -1 (for diagnostics). */
    public long browserPid() {
        return chromium == null ? -1 : chromium.pid();
    }

    /** Stops taking calls, stops the calls in flight, closes the tabs and the browser. */
    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        if (calls != null) {
            calls.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (chromium != null) {
            chromium.close();
        }
        timer.shutdownNow();
        log.info("capability stopped");
    }
}
