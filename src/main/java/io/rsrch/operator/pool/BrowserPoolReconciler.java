package io.rsrch.operator.pool;

import io.rsrch.operator.crd.BrowserPool;
import io.rsrch.operator.crd.BrowserPoolStatus;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps a {@link BrowserPool}'s StatefulSet and Service as the pool describes them and records how
 * many pods and tabs are ready and busy.
 */
@ControllerConfiguration(name = BrowserPoolReconciler.NAME)
public class BrowserPoolReconciler implements Reconciler<BrowserPool> {

    /** Name of this controller in JOSDK's configuration, logs and metrics. */
    public static final String NAME = "browserpool";

    /** How often the status is refreshed when nothing in the cluster changes. */
    public static final Duration DEFAULT_STATUS_REFRESH = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(BrowserPoolReconciler.class);
    private static final String OWNED = PoolNames.NAME_LABEL + "=" + PoolNames.CAPABILITY;

    private final ResourceApplier applier;
    private final PoolObserver observer;
    private final Duration statusRefresh;

    /**
     * A reconciler that writes with {@code applyMode} and counts busy tabs with {@code busyTabs},
     * refreshing the status every {@link #DEFAULT_STATUS_REFRESH}.
     */
    public BrowserPoolReconciler(ApplyMode applyMode, BusyTabs busyTabs) {
        this(applyMode, busyTabs, DEFAULT_STATUS_REFRESH);
    }

    /**
     * A reconciler that also refreshes the status every {@code statusRefresh}, because busy tabs
     * change without any event in the cluster.
     */
    public BrowserPoolReconciler(ApplyMode applyMode, BusyTabs busyTabs, Duration statusRefresh) {
        this.applier = new ResourceApplier(Objects.requireNonNull(applyMode, "applyMode"));
        this.observer = new PoolObserver(Objects.requireNonNull(busyTabs, "busyTabs"));
        this.statusRefresh = Objects.requireNonNull(statusRefresh, "statusRefresh");
    }

    @Override
    public List<EventSource<?, BrowserPool>> prepareEventSources(
            EventSourceContext<BrowserPool> context) {
        return List.of(owned(StatefulSet.class, context), owned(Service.class, context));
    }

    @Override
    public UpdateControl<BrowserPool> reconcile(BrowserPool pool, Context<BrowserPool> context) {
        Optional<StatefulSet> seenStatefulSet = context.getSecondaryResource(StatefulSet.class);
        Optional<Service> seenService = context.getSecondaryResource(Service.class);

        StatefulSet statefulSet =
                applier.apply(
                        context.getClient(),
                        new CapabilityStatefulSet(pool).desired(),
                        seenStatefulSet);
        applier.apply(context.getClient(), new CapabilityService(pool).desired(), seenService);

        BrowserPoolStatus status = observer.observe(pool, Optional.ofNullable(statefulSet));
        if (status.equals(pool.getStatus())) {
            return UpdateControl.<BrowserPool>noUpdate().rescheduleAfter(statusRefresh);
        }
        LOG.debug(
                "pool={}/{} ready={} tabs={} busy={}",
                pool.getMetadata().getNamespace(),
                pool.getMetadata().getName(),
                status.getReadyReplicas(),
                status.getTabs(),
                status.getBusyTabs());
        pool.setStatus(status);
        return UpdateControl.patchStatus(pool).rescheduleAfter(statusRefresh);
    }

    private static <R extends HasMetadata> EventSource<R, BrowserPool> owned(
            Class<R> type, EventSourceContext<BrowserPool> context) {
        // Owner references map each object back to its pool; the label keeps the cache small.
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(type, BrowserPool.class)
                        .withLabelSelector(OWNED)
                        .build(),
                context);
    }
}
