package io.rsrch.local;

import io.rsrch.Json;
import io.rsrch.api.ApiServer;
import io.rsrch.api.SupervisedJobControl;
import io.rsrch.capability.CapabilityServer;
import io.rsrch.dispatch.LocalDispatcher;
import io.rsrch.job.HistoryMover;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.JobSupervisor;
import io.rsrch.store.FalkorDbConnection;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;
import io.rsrch.worker.CapabilityClient;
import io.rsrch.worker.CapabilityLocator;
import io.rsrch.worker.LocalWorker;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * rsrch on one machine: the api, job supervision, an in-process dispatcher and a capability, with
 * FalkorDB as the state of truth. The worker reaches the capability over HTTP exactly as a Windmill
 * worker would, so the same capability code runs in both settings.
 */
public final class LocalMode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalMode.class);

    private Graph graph;
    private CapabilityServer capability;
    private LocalDispatcher dispatcher;
    private JobSupervisor supervisor;
    private HistoryMover historyMover;
    private ApiServer api;
    private FalkorJobStore store;

    private LocalMode() {}

    /** Starts the parts in order; a part that fails to start stops those started before it. */
    private void startParts(LocalSettings settings) {
        Clock clock = Clock.systemUTC();
        graph = FalkorDbConnection.open(settings.falkordbUrl(), settings.graphName());
        store = new FalkorJobStore(graph);
        store.prepare();
        JobLifecycle lifecycle =
                new JobLifecycle(store, clock, settings.leaseDuration(), settings.backoff());

        // Only this process calls its capability, so it listens on the loopback interface alone.
        capability = CapabilityServer.start(settings.capability().withBindAddress("127.0.0.1"));
        String capabilityUrl = "http://127.0.0.1:" + capability.port();
        CapabilityClient client =
                new CapabilityClient(capabilityUrl, settings.capability().internalToken());
        LocalWorker worker =
                new LocalWorker(
                        lifecycle, CapabilityLocator.fixed(client), settings.attemptTimeout());
        dispatcher = new LocalDispatcher(worker, settings.workers());

        supervisor = new JobSupervisor(lifecycle, dispatcher, clock, settings.superviseInterval());
        api =
                ApiServer.start(
                        settings.bindAddress(),
                        settings.apiPort(),
                        store,
                        new SupervisedJobControl(lifecycle, supervisor),
                        settings.backoffLimit() + 1,
                        new CapabilityHealth(capabilityUrl),
                        null);
        supervisor.start();
        historyMover = new HistoryMover(store, HistoryMover.EVERY_SECOND);
        historyMover.start();
        log.info(
                "rsrch local ready: api on {}, capability on {} ({} tabs, site {})",
                api.port(),
                capability.port(),
                settings.capability().tabs(),
                settings.capability().site());
    }

    /** Starts every part and begins supervising the jobs already in FalkorDB. */
    public static LocalMode start(LocalSettings settings) {
        LocalMode local = new LocalMode();
        try {
            local.startParts(settings);
            return local;
        } catch (RuntimeException | Error e) {
            // The capability may have launched Chromium already; it must not outlive a failed
            // start.
            local.close();
            throw e;
        }
    }

    public int apiPort() {
        return api.port();
    }

    public int capabilityPort() {
        return capability.port();
    }

    public FalkorJobStore store() {
        return store;
    }

    @Override
    public void close() {
        closeQuietly(api);
        closeQuietly(supervisor);
        closeQuietly(historyMover);
        closeQuietly(dispatcher);
        closeQuietly(capability);
        closeQuietly(graph);
    }

    private static void closeQuietly(AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            log.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
        }
    }

    /** Reads the capability's own health for the api's {@code /health}. */
    private static final class CapabilityHealth implements Supplier<Map<String, Object>> {

        private final OkHttpClient http = new OkHttpClient();
        private final String url;

        CapabilityHealth(String baseUrl) {
            this.url = baseUrl + "/health";
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> get() {
            try (Response response =
                    http.newCall(new Request.Builder().url(url).build()).execute()) {
                return Json.MAPPER.readValue(response.body().string(), Map.class);
            } catch (IOException | RuntimeException e) {
                Map<String, Object> down = new LinkedHashMap<>();
                down.put("status", "unreachable");
                down.put("error", e.getMessage());
                return down;
            }
        }
    }
}
