package io.rsrch.operator;

import io.rsrch.job.JobStore;

import io.javaoperatorsdk.operator.Operator;

/** Registers the {@code BrowserPool} reconciler with the operator. */
final class PoolRegistration {

    private PoolRegistration() {}

    static void register(Operator operator, OperatorSettings settings, JobStore store) {
        // Filled in when the BrowserPool reconciler lands.
    }
}
