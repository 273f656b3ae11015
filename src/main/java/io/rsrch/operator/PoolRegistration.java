package io.rsrch.operator;

import io.rsrch.job.JobStore;
import io.rsrch.operator.pool.ApplyMode;
import io.rsrch.operator.pool.BrowserPoolReconciler;

import io.javaoperatorsdk.operator.Operator;

/**
 * Registers the {@code BrowserPool} reconciler, counting a pool's busy tabs as the jobs running on
 * it in FalkorDB: each running attempt holds exactly one tab.
 */
final class PoolRegistration {

    private PoolRegistration() {}

    static void register(Operator operator, OperatorSettings settings, JobStore store) {
        ApplyMode mode = settings.serverSideApply() ? ApplyMode.SERVER_SIDE : ApplyMode.UPDATE;
        operator.register(
                new BrowserPoolReconciler(
                        mode,
                        pool ->
                                store.countProcessing(
                                        pool.getMetadata().getName(),
                                        pool.getMetadata().getNamespace())));
    }
}
