package io.rsrch.local;

import io.rsrch.capability.CapabilityConfig;
import io.rsrch.job.RetryBackoff;

import java.time.Duration;

/**
 * Everything {@code rsrch local} needs: where FalkorDB is, the api's address and port, the
 * capability it runs, and the job policy (attempts, lease length, attempt time-out, back-off,
 * supervision interval).
 */
public record LocalSettings(
        String falkordbUrl,
        String graphName,
        String bindAddress,
        int apiPort,
        CapabilityConfig capability,
        int workers,
        int backoffLimit,
        Duration leaseDuration,
        Duration attemptTimeout,
        RetryBackoff backoff,
        Duration superviseInterval) {}
