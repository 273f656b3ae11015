package io.rsrch.operator.job;

import io.rsrch.operator.crd.ResearchJob;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Tells a {@code ResearchJob}'s story as Kubernetes Events, which {@code kubectl describe} shows.
 */
public final class EventRecorder {

    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
    static final String COMPONENT = "rsrch-operator";

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void normal(ResearchJob resource, String reason, String message) {
        record(resource, "Normal", reason, message);
    }

    public void warning(ResearchJob resource, String reason, String message) {
        record(resource, "Warning", reason, message);
    }

    private void record(ResearchJob resource, String type, String reason, String message) {
        String now = Instant.ofEpochMilli(clock.millis()).toString();
        String name =
                resource.getMetadata().getName()
                        + "."
                        + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Event event =
                new EventBuilder()
                        .withNewMetadata()
                        .withName(name.toLowerCase(Locale.ROOT))
                        .withNamespace(resource.getMetadata().getNamespace())
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withApiVersion(resource.getApiVersion())
                        .withKind(resource.getKind())
                        .withName(resource.getMetadata().getName())
                        .withNamespace(resource.getMetadata().getNamespace())
                        .withUid(resource.getMetadata().getUid())
                        .withResourceVersion(resource.getMetadata().getResourceVersion())
                        .endInvolvedObject()
                        .withType(type)
                        .withReason(reason)
                        .withMessage(message)
                        .withFirstTimestamp(now)
                        .withLastTimestamp(now)
                        .withCount(1)
                        .withNewSource()
                        .withComponent(COMPONENT)
                        .endSource()
                        .withReportingComponent(COMPONENT)
                        .build();
        try {
            client.v1()
                    .events()
                    .inNamespace(event.getMetadata().getNamespace())
                    .resource(event)
                    .create();
        } catch (KubernetesClientException e) {
            // Events are a courtesy to the reader; the status carries the same facts.
            log.warn(
                    "could not record event {} for {}: {}",
                    reason,
                    resource.getMetadata().getName(),
                    e.getMessage());
        }
    }
}
