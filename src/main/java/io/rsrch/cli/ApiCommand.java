package io.rsrch.cli;

import io.rsrch.api.ApiServer;
import io.rsrch.api.StoreJobControl;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.RetryBackoff;
import io.rsrch.store.FalkorDbConnection;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code rsrch api}: the REST api alone, reading and writing jobs in FalkorDB. */
@Command(
        name = "api",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the REST api legacy clients call. It stores new jobs in FalkorDB and reads"
                    + " their state from there; another process supervises and runs them."
        })
final class ApiCommand implements Callable<Integer> {

    @Mixin StoreOptions store = new StoreOptions();
    @Mixin JobPolicyOptions policy = new JobPolicyOptions();

    @Option(
            names = "--api-port",
            defaultValue = "${env:RSRCH_API_PORT:-3001}",
            description = "Port of the REST api (env RSRCH_API_PORT; default ${DEFAULT-VALUE}).")
    int apiPort;

    @Override
    public Integer call() {
        Graph graph = FalkorDbConnection.open(store.falkordbUrl, store.graph);
        FalkorJobStore jobs = new FalkorJobStore(graph);
        jobs.prepare();
        JobLifecycle lifecycle =
                new JobLifecycle(
                        jobs, Clock.systemUTC(), policy.leaseDuration(), RetryBackoff.DEFAULT);
        ApiServer api =
                ApiServer.start(
                        apiPort,
                        jobs,
                        new StoreJobControl(lifecycle),
                        policy.backoffLimit + 1,
                        null);
        return Foreground.runUntilStopped(
                () -> {
                    api.close();
                    graph.close();
                });
    }
}
