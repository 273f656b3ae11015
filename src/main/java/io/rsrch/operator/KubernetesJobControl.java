package io.rsrch.operator;

import io.rsrch.api.JobControl;
import io.rsrch.job.Job;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.JobOwner;
import io.rsrch.job.NewJob;
import io.rsrch.operator.crd.ResearchJob;
import io.rsrch.operator.crd.ResearchJobSpec;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Map;
import java.util.Optional;

/**
 * Starts and stops jobs for the api in a cluster: a submission becomes a {@code ResearchJob} named
 * by the job id, and is stored in FalkorDB at once so the caller can read it straight away; the
 * operator then carries it out. A cancellation sets {@code spec.suspend}.
 */
public final class KubernetesJobControl implements JobControl {

    private final KubernetesClient client;
    private final String namespace;
    private final JobLifecycle lifecycle;

    public KubernetesJobControl(KubernetesClient client, String namespace, JobLifecycle lifecycle) {
        this.client = client;
        this.namespace = namespace;
        this.lifecycle = lifecycle;
    }

    @Override
    public Job submit(NewJob job) {
        ResearchJob resource;
        try {
            resource = client.resource(toResource(job)).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // The same id again (an idempotent retry): answer the job it already names.
            resource =
                    client.resources(ResearchJob.class)
                            .inNamespace(namespace)
                            .withName(job.id())
                            .get();
        }
        NewJob owned =
                new NewJob(
                        job.id(),
                        job.type(),
                        job.params(),
                        job.sessionId(),
                        job.maxAttempts(),
                        job.deadlineAt(),
                        job.pool(),
                        new JobOwner(
                                namespace,
                                resource.getMetadata().getName(),
                                resource.getMetadata().getUid()));
        return lifecycle.submit(owned);
    }

    @Override
    public Optional<Job> cancel(String jobId, String why) {
        ResearchJob resource =
                client.resources(ResearchJob.class).inNamespace(namespace).withName(jobId).get();
        if (resource != null) {
            client.resources(ResearchJob.class)
                    .inNamespace(namespace)
                    .withName(jobId)
                    .edit(
                            edited -> {
                                edited.getSpec().setSuspend(true);
                                return edited;
                            });
        }
        return lifecycle.cancel(jobId, why);
    }

    private ResearchJob toResource(NewJob job) {
        Map<String, Object> params = job.params();
        ResearchJobSpec spec = new ResearchJobSpec();
        spec.setType(job.type().wireName());
        spec.setQuery((String) params.get("query"));
        spec.setGem((String) params.get("gem"));
        spec.setSessionId(job.sessionId());
        spec.setPoolRef(job.pool());
        spec.setBackoffLimit(job.maxAttempts() - 1);
        ResearchJob resource = new ResearchJob();
        resource.setMetadata(
                new ObjectMetaBuilder()
                        .withName(job.id())
                        .withNamespace(namespace)
                        .addToLabels("app.kubernetes.io/created-by", "rsrch-api")
                        .build());
        resource.setSpec(spec);
        return resource;
    }
}
