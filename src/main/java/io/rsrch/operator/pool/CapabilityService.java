package io.rsrch.operator.pool;

import io.rsrch.operator.crd.BrowserPool;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * The ClusterIP Service in front of a {@link BrowserPool}'s capability pods: workers call one
 * address and the Service spreads the calls over the ready pods.
 */
public final class CapabilityService {

    private final BrowserPool pool;

    public CapabilityService(BrowserPool pool) {
        this.pool = pool;
    }

    /** The Service as the pool wants it. */
    public Service desired() {
        // Limitation: the Service picks a ready pod at random, not one with a free tab; a call
        // that lands on a full pod waits in that pod's queue or gets 429 and must retry.
        return new ServiceBuilder()
                .withMetadata(PoolNames.metadata(pool))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(PoolNames.selector(pool))
                .addNewPort()
                .withName("http")
                .withPort(PoolNames.CAPABILITY_PORT)
                .withTargetPort(new IntOrString("http"))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }
}
