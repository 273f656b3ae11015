package io.rsrch.cli;

import io.rsrch.BearerToken;
import io.rsrch.api.ApiServer;
import io.rsrch.api.InternalJobRoutes;
import io.rsrch.api.JobControl;
import io.rsrch.api.StoreJobControl;
import io.rsrch.api.SupervisedJobControl;
import io.rsrch.job.HistoryMover;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.JobSupervisor;
import io.rsrch.job.RetryBackoff;
import io.rsrch.operator.KubernetesJobControl;
import io.rsrch.operator.PoolCapabilityLocator;
import io.rsrch.store.FalkorDbConnection;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;
import io.rsrch.windmill.WindmillClient;
import io.rsrch.windmill.WindmillDispatcher;
import io.rsrch.windmill.WindmillSettings;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rsrch api}: the REST api, reading jobs from FalkorDB. */
@Command(
        name = "api",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the REST api legacy clients call, reading job state from FalkorDB.",
            "With --kubernetes each submission becomes a ResearchJob for the operator. Without"
                    + " it, and with a Windmill URL, the api also supervises the jobs and"
                    + " dispatches them to Windmill. With RSRCH_INTERNAL_TOKEN set it serves the"
                    + " /internal/jobs endpoints the Windmill worker uses."
        })
final class ApiCommand implements Callable<Integer> {

    @Mixin StoreOptions store = new StoreOptions();
    @Mixin InternalTokenOptions tokenOptions = new InternalTokenOptions();
    @Mixin JobPolicyOptions policy = new JobPolicyOptions();
    @Mixin WindmillOptions windmill = new WindmillOptions();

    @Option(
            names = "--api-port",
            defaultValue = "${env:RSRCH_API_PORT:-3001}",
            description = "Port of the REST api (env RSRCH_API_PORT; default ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(
            names = "--bind",
            defaultValue = "${env:RSRCH_BIND_ADDRESS:-0.0.0.0}",
            description =
                    "Address the api listens on (env RSRCH_BIND_ADDRESS; default ${DEFAULT-VALUE}).")
    String bindAddress;

    @Option(
            names = "--kubernetes",
            defaultValue = "${env:RSRCH_KUBERNETES:-false}",
            description =
                    "Cluster mode: each submission becomes a ResearchJob for the operator (env RSRCH_KUBERNETES).")
    boolean kubernetes;

    @Option(
            names = "--namespace",
            defaultValue = "${env:RSRCH_NAMESPACE:-default}",
            description =
                    "Namespace of the ResearchJobs in cluster mode (env RSRCH_NAMESPACE; default ${DEFAULT-VALUE}).")
    String namespace;

    @Option(
            names = "--capability-url-template",
            defaultValue =
                    "${env:RSRCH_CAPABILITY_URL_TEMPLATE:-"
                            + PoolCapabilityLocator.DEFAULT_TEMPLATE
                            + "}",
            description =
                    "Address of a pool's capabilities told to workers, with {pool} and {namespace} (env RSRCH_CAPABILITY_URL_TEMPLATE; default ${DEFAULT-VALUE}).")
    String capabilityUrlTemplate;

    @Override
    public Integer call() {
        List<AutoCloseable> parts = new ArrayList<>();
        Graph graph = FalkorDbConnection.open(store.falkordbUrl, store.graph);
        parts.add(graph);
        FalkorJobStore jobs = new FalkorJobStore(graph);
        jobs.prepare();
        Clock clock = Clock.systemUTC();
        JobLifecycle lifecycle =
                new JobLifecycle(
                        jobs,
                        clock,
                        policy.leaseDuration(),
                        new RetryBackoff(policy.backoffInitial(), Duration.ofMinutes(2)));

        JobControl control = new StoreJobControl(lifecycle);
        WindmillSettings windmillSettings = windmill.settingsOrNull();
        if (kubernetes) {
            KubernetesClient client = new KubernetesClientBuilder().build();
            parts.add(client);
            try {
                client.getKubernetesVersion();
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "cannot reach the Kubernetes API at "
                                + client.getMasterUrl()
                                + ": --kubernetes needs a cluster (run in one, or set KUBECONFIG)");
            }
            control = new KubernetesJobControl(client, namespace, lifecycle);
        } else if (windmillSettings != null) {
            JobSupervisor supervisor =
                    new JobSupervisor(
                            lifecycle,
                            new WindmillDispatcher(new WindmillClient(windmillSettings)),
                            clock,
                            policy.superviseInterval());
            supervisor.start();
            parts.add(supervisor);
            HistoryMover historyMover = new HistoryMover(jobs, HistoryMover.EVERY_SECOND);
            historyMover.start();
            parts.add(historyMover);
            control = new SupervisedJobControl(lifecycle, supervisor);
        }

        String internalToken = tokenOptions.read();
        InternalJobRoutes internal = null;
        if (internalToken != null) {
            PoolCapabilityLocator pools =
                    new PoolCapabilityLocator(capabilityUrlTemplate, internalToken, namespace);
            internal =
                    new InternalJobRoutes(lifecycle, new BearerToken(internalToken), pools::urlFor);
        }
        ApiServer api =
                ApiServer.start(
                        bindAddress,
                        apiPort,
                        jobs,
                        control,
                        policy.backoffLimit + 1,
                        null,
                        internal);
        parts.add(0, api);
        return Foreground.runUntilStopped(
                () -> {
                    for (AutoCloseable part : parts) {
                        part.close();
                    }
                });
    }
}
