package io.rsrch.operator;

import io.rsrch.dispatch.Dispatcher;
import io.rsrch.dispatch.LocalDispatcher;
import io.rsrch.job.HistoryMover;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.JobSupervisor;
import io.rsrch.operator.job.EventRecorder;
import io.rsrch.operator.job.ResearchJobReconciler;
import io.rsrch.store.FalkorDbConnection;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;
import io.rsrch.windmill.WindmillClient;
import io.rsrch.windmill.WindmillDispatcher;
import io.rsrch.worker.LocalWorker;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * rsrch in a cluster: JOSDK reconciles {@code ResearchJob}s and {@code BrowserPool}s on the leader
 * replica, jobs live in FalkorDB, and attempts are dispatched through the same supervision and
 * worker code as the local mode, calling each job's pool over its Service.
 */
public final class OperatorMode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OperatorMode.class);
    static final String LEASE_NAME = "rsrch-operator";

    private final Graph graph;
    private final Dispatcher dispatcher;
    private final JobSupervisor supervisor;
    private final HistoryMover historyMover;
    private final Operator operator;
    private final OperatorHttp http;
    private final FalkorJobStore store;

    private OperatorMode(OperatorSettings settings, KubernetesClient client) {
        Clock clock = Clock.systemUTC();
        graph = FalkorDbConnection.open(settings.falkordbUrl(), settings.graphName());
        store = new FalkorJobStore(graph);
        store.prepare();
        JobLifecycle lifecycle =
                new JobLifecycle(store, clock, settings.leaseDuration(), settings.backoff());
        PoolCapabilityLocator pools =
                new PoolCapabilityLocator(
                        settings.capabilityUrlTemplate(),
                        settings.internalToken(),
                        settings.defaultNamespace());
        dispatcher =
                settings.windmill() == null
                        ? new LocalDispatcher(
                                new LocalWorker(lifecycle, pools, settings.attemptTimeout()),
                                settings.workers())
                        : new WindmillDispatcher(new WindmillClient(settings.windmill()));
        supervisor = new JobSupervisor(lifecycle, dispatcher, clock, settings.pollInterval());

        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        operator =
                new Operator(
                        config -> {
                            config.withKubernetesClient(client)
                                    .withCloseClientOnStop(false)
                                    .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                                    .withSSABasedCreateUpdateMatchForDependentResources(
                                            settings.serverSideApply())
                                    .withMetrics(
                                            MicrometerMetrics.withoutPerResourceMetrics(metrics));
                            if (settings.leaderElection()) {
                                config.withLeaderElectionConfiguration(
                                        new LeaderElectionConfiguration(
                                                LEASE_NAME,
                                                settings.leaseNamespace(),
                                                LeaderElectionConfiguration
                                                        .LEASE_DURATION_DEFAULT_VALUE,
                                                LeaderElectionConfiguration
                                                        .RENEW_DEADLINE_DEFAULT_VALUE,
                                                LeaderElectionConfiguration
                                                        .RETRY_PERIOD_DEFAULT_VALUE,
                                                settings.identity(),
                                                null,
                                                settings.exitOnLostLeadership()));
                            }
                        });
        operator.register(
                new ResearchJobReconciler(
                        lifecycle,
                        supervisor,
                        client,
                        new EventRecorder(client, clock),
                        clock,
                        settings.pollInterval()));
        PoolRegistration.register(operator, settings, store);
        operator.start();
        historyMover = new HistoryMover(store, HistoryMover.EVERY_SECOND);
        historyMover.start();
        http =
                new OperatorHttp(
                        settings.httpPort(),
                        store,
                        () -> operator.getRuntimeInfo().isStarted(),
                        metrics);
        log.info("rsrch operator started; health and metrics on port {}", http.port());
    }

    public static OperatorMode start(OperatorSettings settings, KubernetesClient client) {
        return new OperatorMode(settings, client);
    }

    public int httpPort() {
        return http.port();
    }

    public FalkorJobStore store() {
        return store;
    }

    @Override
    public void close() {
        http.close();
        operator.stop();
        historyMover.close();
        supervisor.close();
        dispatcher.close();
        graph.close();
    }
}
