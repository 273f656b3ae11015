package io.rsrch.local;

import io.rsrch.capability.CapabilityConfig;
import io.rsrch.job.RetryBackoff;

import java.time.Duration;

/** Settings for running {@code rsrch local} inside a test: free ports, short leases. */
final class LocalModeFixture {

    static final String TOKEN = "test-internal-token-0123456789";

    private LocalModeFixture() {}

    static LocalSettings settings(String falkordbUrl, int tabs, int workers) {
        return settings(falkordbUrl, tabs, workers, 2, Duration.ofSeconds(60));
    }

    static LocalSettings settings(
            String falkordbUrl, int tabs, int workers, int backoffLimit, Duration attemptTimeout) {
        return settings(falkordbUrl, 0, sandbox(tabs), workers, backoffLimit, attemptTimeout);
    }

    /** A capability on the sandbox site with a free port. */
    static CapabilityConfig sandbox(int tabs) {
        return CapabilityConfig.defaults(TOKEN, "sandbox").withPort(0).withTabs(tabs);
    }

    static LocalSettings settings(
            String falkordbUrl,
            int apiPort,
            CapabilityConfig capability,
            int workers,
            int backoffLimit,
            Duration attemptTimeout) {
        return new LocalSettings(
                falkordbUrl,
                "rsrch",
                "127.0.0.1",
                apiPort,
                capability,
                workers,
                backoffLimit,
                Duration.ofSeconds(5),
                attemptTimeout,
                new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)),
                Duration.ofMillis(200));
    }
}
