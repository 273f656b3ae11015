package io.rsrch.operator.pool;

import io.rsrch.operator.crd.BrowserPool;
import io.rsrch.operator.crd.BrowserPoolStatus;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;

import java.util.Optional;

/** Reads what a {@link BrowserPool}'s pods are doing and turns it into the pool's status. */
public final class PoolObserver {

    private final BusyTabs busyTabs;

    public PoolObserver(BusyTabs busyTabs) {
        this.busyTabs = busyTabs;
    }

    /** The status the pool should show, given its StatefulSet as last seen. */
    public BrowserPoolStatus observe(BrowserPool pool, Optional<StatefulSet> statefulSet) {
        Optional<StatefulSetStatus> seen = statefulSet.map(StatefulSet::getStatus);
        int ready = seen.map(StatefulSetStatus::getReadyReplicas).orElse(0);
        int replicas = seen.map(StatefulSetStatus::getReplicas).orElse(0);
        int tabsPerPod =
                pool.getSpec().getTabsPerPod() == null ? 2 : pool.getSpec().getTabsPerPod();

        BrowserPoolStatus status = new BrowserPoolStatus();
        status.setReadyReplicas(ready);
        status.setReplicas(replicas);
        status.setTabs(ready * tabsPerPod);
        status.setBusyTabs(Math.max(0, busyTabs.count(pool)));
        status.setObservedGeneration(pool.getMetadata().getGeneration());
        status.setServiceUrl(PoolNames.serviceUrl(pool));
        return status;
    }
}
