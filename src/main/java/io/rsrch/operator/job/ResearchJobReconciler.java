package io.rsrch.operator.job;

import io.rsrch.job.Job;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.JobSupervisor;
import io.rsrch.operator.crd.ResearchJob;
import io.rsrch.operator.crd.ResearchJobStatus;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Reconciles a {@code ResearchJob}: validate the spec, make sure its job is in FalkorDB, let
 * supervision dispatch or take back its attempt, and mirror FalkorDB into status and Events. It
 * never waits on browser work: it looks again after {@code pollInterval} until the job is final.
 */
@ControllerConfiguration(name = "researchjob")
public final class ResearchJobReconciler implements Reconciler<ResearchJob>, Cleaner<ResearchJob> {

    private final ResearchJobValidator validator = new ResearchJobValidator();
    private final JobLifecycle lifecycle;
    private final JobSupervisor supervisor;
    private final KubernetesClient client;
    private final StatusRecorder status;
    private final JobStory story;
    private final Clock clock;
    private final Duration pollInterval;

    public ResearchJobReconciler(
            JobLifecycle lifecycle,
            JobSupervisor supervisor,
            KubernetesClient client,
            EventRecorder events,
            Clock clock,
            Duration pollInterval) {
        this.lifecycle = lifecycle;
        this.supervisor = supervisor;
        this.client = client;
        this.status = new StatusRecorder(clock);
        this.story = new JobStory(events);
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    @Override
    public UpdateControl<ResearchJob> reconcile(
            ResearchJob resource, Context<ResearchJob> context) {
        Optional<SpecProblem> problem = validator.problem(resource);
        if (problem.isPresent()) {
            return recordInvalid(resource, problem.get());
        }

        Optional<Job> stored = storedJob(resource);
        if (stored.isEmpty()) {
            return recordInvalid(
                    resource,
                    new SpecProblem(
                            "the name "
                                    + resource.getMetadata().getName()
                                    + " belongs to an earlier job in FalkorDB; create the"
                                    + " ResearchJob under a new name"));
        }

        Job job = stored.get();
        boolean suspended = Boolean.TRUE.equals(resource.getSpec().getSuspend());
        if (suspended && !job.status().isFinal()) {
            job = supervisor.cancel(job.id(), "suspended: spec.suspend is true").orElse(job);
        }
        JobSupervisor.Supervision supervision = supervisor.supervise(job);
        job = supervision.job();

        if (finishedLongerThanTtl(resource, job)) {
            client.resource(resource).delete();
            return UpdateControl.noUpdate();
        }

        ResearchJobStatus next = status.mirror(resource, job, suspended);
        story.tell(resource, job, supervision.dispatched());
        story.noteRefusedEdit(resource, job);
        resource.setStatus(next);
        return UpdateControl.patchStatus(resource).rescheduleAfter(nextLook(resource, job));
    }

    @Override
    public DeleteControl cleanup(ResearchJob resource, Context<ResearchJob> context) {
        supervisor.cancel(resource.getMetadata().getName(), "the ResearchJob was deleted");
        return DeleteControl.defaultDelete();
    }

    /** The job this resource mirrors, stored now if it is new; empty if the name is taken. */
    private Optional<Job> storedJob(ResearchJob resource) {
        Job job = lifecycle.submit(JobRequest.from(resource, clock.millis()));
        String uid = resource.getMetadata().getUid();
        if (job.owner() != null && uid != null && !uid.equals(job.owner().uid())) {
            return Optional.empty();
        }
        return Optional.of(job);
    }

    private UpdateControl<ResearchJob> recordInvalid(ResearchJob resource, SpecProblem problem) {
        if (resource.getStatus() == null || !"InvalidSpec".equals(failedReason(resource))) {
            story.invalid(resource, problem);
        }
        resource.setStatus(status.invalid(resource, problem));
        return UpdateControl.patchStatus(resource);
    }

    /** A finished job's resource is deleted once its TTL has passed; FalkorDB keeps the job. */
    private boolean finishedLongerThanTtl(ResearchJob resource, Job job) {
        Long ttl = resource.getSpec().getTtlSecondsAfterFinished();
        return ttl != null
                && job.status().isFinal()
                && job.completedAt() != null
                && job.completedAt() + ttl * 1000 <= clock.millis();
    }

    private Duration nextLook(ResearchJob resource, Job job) {
        if (!job.status().isFinal()) {
            return pollInterval;
        }
        Long ttl = resource.getSpec().getTtlSecondsAfterFinished();
        if (ttl == null || job.completedAt() == null) {
            return Duration.ofHours(1);
        }
        return Duration.ofMillis(Math.max(100, job.completedAt() + ttl * 1000 - clock.millis()));
    }

    private static String failedReason(ResearchJob resource) {
        if (resource.getStatus().getConditions() == null) {
            return null;
        }
        return resource.getStatus().getConditions().stream()
                .filter(c -> "Failed".equals(c.getType()))
                .map(c -> c.getReason())
                .findFirst()
                .orElse(null);
    }
}
