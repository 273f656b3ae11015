package io.rsrch.cli;

import io.rsrch.job.RetryBackoff;
import io.rsrch.operator.OperatorMode;
import io.rsrch.operator.OperatorSettings;
import io.rsrch.operator.PoolCapabilityLocator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code rsrch operator}: reconciles ResearchJobs and BrowserPools in a Kubernetes cluster. */
@Command(
        name = "operator",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the Kubernetes operator: mirrors ResearchJobs into FalkorDB, dispatches their"
                    + " attempts to the BrowserPool's capabilities, reports status and Events,"
                    + " and runs each BrowserPool as a StatefulSet with a Service.",
            "Health and Prometheus metrics on --http-port (/health, /metrics)."
        })
final class OperatorCommand implements Callable<Integer> {

    @Mixin StoreOptions store = new StoreOptions();
    @Mixin InternalTokenOptions tokenOptions = new InternalTokenOptions();
    @Mixin JobPolicyOptions policy = new JobPolicyOptions();
    @Mixin WindmillOptions windmill = new WindmillOptions();

    @Option(
            names = "--capability-url-template",
            defaultValue =
                    "${env:RSRCH_CAPABILITY_URL_TEMPLATE:-"
                            + PoolCapabilityLocator.DEFAULT_TEMPLATE
                            + "}",
            description =
                    "Address of a pool's capabilities, with {pool} and {namespace} (env RSRCH_CAPABILITY_URL_TEMPLATE; default ${DEFAULT-VALUE}).")
    String capabilityUrlTemplate;

    @Option(
            names = "--workers",
            defaultValue = "${env:RSRCH_OPERATOR_WORKERS:-8}",
            description =
                    "Attempts the operator carries out at once with its in-process dispatcher (env RSRCH_OPERATOR_WORKERS; default ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--http-port",
            defaultValue = "${env:RSRCH_OPERATOR_PORT:-8080}",
            description =
                    "Port of /health and /metrics (env RSRCH_OPERATOR_PORT; default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(
            names = "--poll-ms",
            defaultValue = "${env:RSRCH_POLL_MS:-2000}",
            description =
                    "How often a running job's state is read back from FalkorDB (env RSRCH_POLL_MS; default ${DEFAULT-VALUE}).")
    long pollMillis;

    @Option(
            names = "--leader-election",
            negatable = true,
            defaultValue = "${env:RSRCH_LEADER_ELECTION:-true}",
            fallbackValue = "true",
            description =
                    "Elect one active replica through a Lease (env RSRCH_LEADER_ELECTION; default ${DEFAULT-VALUE}).")
    boolean leaderElection;

    @Option(
            names = "--namespace",
            defaultValue = "${env:RSRCH_NAMESPACE:-rsrch}",
            description =
                    "Namespace of the leader-election Lease (env RSRCH_NAMESPACE; default ${DEFAULT-VALUE}).")
    String namespace;

    @Option(
            names = "--server-side-apply",
            negatable = true,
            defaultValue = "${env:RSRCH_SERVER_SIDE_APPLY:-true}",
            fallbackValue = "true",
            description =
                    "Write status and owned objects with server-side apply; keep it on for a real cluster (env RSRCH_SERVER_SIDE_APPLY).")
    boolean serverSideApply;

    /** The pod name where there is one, plus a random part so two replicas never share it. */
    private static String identity() {
        String pod = System.getenv("RSRCH_POD_NAME");
        if (pod == null || pod.isBlank()) {
            pod = System.getenv().getOrDefault("HOSTNAME", "rsrch-operator");
        }
        return pod + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Fails early, in one line, when no Kubernetes API server answers. */
    private static void requireCluster(KubernetesClient client) {
        try {
            client.getKubernetesVersion();
        } catch (RuntimeException e) {
            client.close();
            throw new IllegalStateException(
                    "cannot reach the Kubernetes API at "
                            + client.getMasterUrl()
                            + ": run the operator in a cluster (it uses its ServiceAccount) or"
                            + " point KUBECONFIG at one");
        }
    }

    @Override
    public Integer call() {
        String internalToken = tokenOptions.read();
        if (internalToken == null) {
            throw new IllegalArgumentException(
                    "an internal token is required: set RSRCH_INTERNAL_TOKEN (the same one the"
                            + " BrowserPool's capabilities use)");
        }
        OperatorSettings settings =
                new OperatorSettings(
                        store.falkordbUrl,
                        store.graph,
                        capabilityUrlTemplate,
                        internalToken,
                        namespace,
                        workers,
                        policy.leaseDuration(),
                        policy.attemptTimeout(),
                        new RetryBackoff(policy.backoffInitial(), Duration.ofMinutes(2)),
                        Duration.ofMillis(pollMillis),
                        httpPort,
                        leaderElection,
                        namespace,
                        identity(),
                        true,
                        serverSideApply,
                        windmill.settingsOrNull());
        KubernetesClient client = new KubernetesClientBuilder().build();
        requireCluster(client);
        OperatorMode operator = OperatorMode.start(settings, client);
        return Foreground.runUntilStopped(
                () -> {
                    operator.close();
                    client.close();
                });
    }
}
