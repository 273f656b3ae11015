package io.rsrch.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/** How long attempts may run and hold their lease, and how often they are retried. */
final class JobPolicyOptions {

    @Option(
            names = "--backoff-limit",
            defaultValue = "${env:RSRCH_BACKOFF_LIMIT:-2}",
            description =
                    "Retries after a failed attempt, for retryable failures (env RSRCH_BACKOFF_LIMIT; default ${DEFAULT-VALUE}).")
    int backoffLimit;

    @Option(
            names = "--lease-seconds",
            defaultValue = "${env:RSRCH_LEASE_SECONDS:-30}",
            description =
                    "Lease of a running attempt; the worker renews it every third (env RSRCH_LEASE_SECONDS; default ${DEFAULT-VALUE}).")
    long leaseSeconds;

    @Option(
            names = "--attempt-timeout-seconds",
            defaultValue = "${env:RSRCH_ATTEMPT_TIMEOUT_SECONDS:-1800}",
            description =
                    "Longest one attempt may run in the browser (env RSRCH_ATTEMPT_TIMEOUT_SECONDS; default ${DEFAULT-VALUE}).")
    long attemptTimeoutSeconds;

    @Option(
            names = "--backoff-initial-ms",
            defaultValue = "${env:RSRCH_BACKOFF_INITIAL_MS:-2000}",
            description =
                    "Wait before the second attempt; it doubles for each further one (env RSRCH_BACKOFF_INITIAL_MS; default ${DEFAULT-VALUE}).")
    long backoffInitialMillis;

    @Option(
            names = "--supervise-interval-ms",
            defaultValue = "${env:RSRCH_SUPERVISE_INTERVAL_MS:-1000}",
            description =
                    "How often FalkorDB is scanned for due and expired jobs (env RSRCH_SUPERVISE_INTERVAL_MS; default ${DEFAULT-VALUE}).")
    long superviseIntervalMillis;

    Duration leaseDuration() {
        return positive(leaseSeconds, "--lease-seconds").multipliedBy(1000);
    }

    Duration attemptTimeout() {
        return positive(attemptTimeoutSeconds, "--attempt-timeout-seconds").multipliedBy(1000);
    }

    Duration backoffInitial() {
        return positive(backoffInitialMillis, "--backoff-initial-ms");
    }

    Duration superviseInterval() {
        return positive(superviseIntervalMillis, "--supervise-interval-ms");
    }

    private static Duration positive(long value, String option) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, not " + value);
        }
        return Duration.ofMillis(value);
    }
}
