package io.rsrch.operator.pool;

import io.rsrch.operator.crd.BrowserPool;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names, labels and owner shared by everything the operator creates for one {@link
 * BrowserPool}.
 */
public final class PoolNames {

    /** Port of the capability's HTTP endpoints, in the pod and on the Service. */
    public static final int CAPABILITY_PORT = 3002;

    /** Label naming the component, the same on every capability pod of every pool. */
    public static final String NAME_LABEL = "app.kubernetes.io/name";

    /** Value of {@link #NAME_LABEL} on capability pods and their StatefulSets and Services. */
    public static final String CAPABILITY = "rsrch-capability";

    /** Label naming the pool a pod belongs to. */
    public static final String POOL_LABEL = "rsrch.io/pool";

    private PoolNames() {}

    /** Name of the pool's StatefulSet and Service: {@code rsrch-pool-<pool name>}. */
    public static String objectName(BrowserPool pool) {
        return "rsrch-pool-" + pool.getMetadata().getName();
    }

    /** Labels that pick out the pods of exactly this pool. */
    public static Map<String, String> selector(BrowserPool pool) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME_LABEL, CAPABILITY);
        labels.put(POOL_LABEL, pool.getMetadata().getName());
        return labels;
    }

    /** Labels of every object made for the pool: the selector and who manages them. */
    public static Map<String, String> labels(BrowserPool pool) {
        Map<String, String> labels = selector(pool);
        labels.put("app.kubernetes.io/managed-by", "rsrch-operator");
        return labels;
    }

    /** Address inside the cluster at which workers reach the pool's capabilities. */
    public static String serviceUrl(BrowserPool pool) {
        return "http://"
                + objectName(pool)
                + "."
                + pool.getMetadata().getNamespace()
                + ".svc:"
                + CAPABILITY_PORT;
    }

    /**
     * Metadata of an object made for the pool, owned by it so that deleting the pool deletes the
     * object and a change to the object wakes the pool's reconciler.
     */
    public static ObjectMeta metadata(BrowserPool pool) {
        return new ObjectMetaBuilder()
                .withName(objectName(pool))
                .withNamespace(pool.getMetadata().getNamespace())
                .withLabels(labels(pool))
                .withOwnerReferences(
                        new OwnerReferenceBuilder()
                                .withApiVersion(pool.getApiVersion())
                                .withKind(pool.getKind())
                                .withName(pool.getMetadata().getName())
                                .withUid(pool.getMetadata().getUid())
                                .withController(true)
                                // blockOwnerDeletion would need update on browserpools/finalizers
                                // where owner-reference enforcement is on; nothing needs it.
                                .build())
                .build();
    }
}
