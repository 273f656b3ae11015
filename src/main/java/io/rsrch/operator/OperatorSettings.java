package io.rsrch.operator;

import io.rsrch.job.RetryBackoff;
import io.rsrch.windmill.WindmillSettings;

import java.time.Duration;

/**
 * What {@code rsrch operator} needs (with {@code windmill} null, the operator carries out attempts
 * on its own worker threads; set, Windmill runs them): FalkorDB, how to reach pools' capabilities,
 * the job policy, the health and metrics port, leader election (this replica's identity, and
 * whether to exit when leadership is lost, as a pod should), and whether status is written with
 * server-side apply (on for real clusters; off only against fabric8's mock server, which refuses
 * it).
 */
public record OperatorSettings(
        String falkordbUrl,
        String graphName,
        String capabilityUrlTemplate,
        String internalToken,
        String defaultNamespace,
        int workers,
        Duration leaseDuration,
        Duration attemptTimeout,
        RetryBackoff backoff,
        Duration pollInterval,
        int httpPort,
        boolean leaderElection,
        String leaseNamespace,
        String identity,
        boolean exitOnLostLeadership,
        boolean serverSideApply,
        WindmillSettings windmill) {}
