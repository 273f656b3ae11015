package io.rsrch.cli;

import io.rsrch.job.RetryBackoff;
import io.rsrch.local.LocalMode;
import io.rsrch.local.LocalSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/** {@code rsrch local}: the whole job pipeline on one machine, without Kubernetes or Windmill. */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        description = {
            "Runs rsrch on one machine: the REST api, job supervision, an in-process worker pool"
                    + " and a browser capability, with FalkorDB as the state of truth.",
            "Jobs left queued or running by an earlier run are picked up again."
        })
final class LocalCommand implements Callable<Integer> {

    @Mixin StoreOptions store = new StoreOptions();
    @Mixin InternalTokenOptions tokenOptions = new InternalTokenOptions();
    @Mixin CapabilityOptions capability = new CapabilityOptions();
    @Mixin JobPolicyOptions policy = new JobPolicyOptions();

    @Option(
            names = "--bind",
            defaultValue = "${env:RSRCH_BIND_ADDRESS:-127.0.0.1}",
            description =
                    "Address the api listens on; 0.0.0.0 opens it to the network (env RSRCH_BIND_ADDRESS; default ${DEFAULT-VALUE}).")
    String bindAddress;

    @Option(
            names = "--api-port",
            defaultValue = "${env:RSRCH_API_PORT:-3001}",
            description = "Port of the REST api (env RSRCH_API_PORT; default ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(
            names = "--workers",
            defaultValue = "${env:RSRCH_LOCAL_WORKERS:-0}",
            description =
                    "Attempts carried out at once; 0 means one per tab (env RSRCH_LOCAL_WORKERS).")
    int workers;

    @Override
    public Integer call() {
        String internalToken = tokenOptions.read();
        if (internalToken == null) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            internalToken = HexFormat.of().formatHex(random);
        }
        LocalSettings settings =
                new LocalSettings(
                        store.falkordbUrl,
                        store.graph,
                        bindAddress,
                        apiPort,
                        capability.toConfig(internalToken, policy.attemptTimeout()),
                        workers > 0 ? workers : capability.tabs,
                        policy.backoffLimit,
                        policy.leaseDuration(),
                        policy.attemptTimeout(),
                        new RetryBackoff(policy.backoffInitial(), Duration.ofMinutes(2)),
                        policy.superviseInterval());
        return Foreground.runUntilStopped(LocalMode.start(settings));
    }
}
