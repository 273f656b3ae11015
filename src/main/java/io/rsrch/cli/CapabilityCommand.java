package io.rsrch.cli;

import io.rsrch.capability.CapabilityServer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code rsrch capability}: one Chromium, a fixed number of tabs, one exclusive tab per call. */
@Command(
        name = "capability",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a browser capability: one Chromium with a fixed number of tabs behind"
                    + " /internal endpoints; each call holds one tab to itself.",
            "Requires RSRCH_INTERNAL_TOKEN (or --internal-token-file)."
        })
final class CapabilityCommand implements Callable<Integer> {

    @Mixin CapabilityOptions capability = new CapabilityOptions();
    @Mixin InternalTokenOptions tokenOptions = new InternalTokenOptions();

    @Option(
            names = "--call-timeout-seconds",
            defaultValue = "${env:RSRCH_ATTEMPT_TIMEOUT_SECONDS:-1800}",
            description =
                    "Longest a call may hold a tab (env RSRCH_ATTEMPT_TIMEOUT_SECONDS; default ${DEFAULT-VALUE}).")
    long callTimeoutSeconds;

    @Override
    public Integer call() {
        String internalToken = tokenOptions.read();
        CapabilityServer server =
                CapabilityServer.start(
                        capability.toConfig(internalToken, Duration.ofSeconds(callTimeoutSeconds)));
        return Foreground.runUntilStopped(server);
    }
}
