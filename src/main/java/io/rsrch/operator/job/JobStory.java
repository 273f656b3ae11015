package io.rsrch.operator.job;

import io.rsrch.job.Job;
import io.rsrch.job.JobStatus;
import io.rsrch.operator.crd.ResearchJob;
import io.rsrch.operator.crd.ResearchJobPhase;
import io.rsrch.operator.crd.ResearchJobSpec;
import io.rsrch.operator.crd.ResearchJobStatus;

import java.util.Objects;

/**
 * Decides which Events a reconcile adds to a {@code ResearchJob}'s story, by comparing what its
 * status said before with what FalkorDB says now: Queued, Dispatched, Processing, then Completed,
 * Failed or Cancelled, with Retrying between attempts.
 */
final class JobStory {

    private final EventRecorder events;

    JobStory(EventRecorder events) {
        this.events = events;
    }

    void tell(ResearchJob resource, Job job, boolean dispatched) {
        ResearchJobStatus before = resource.getStatus();
        String previousPhase = before == null ? null : before.getPhase();
        Integer previousAttempt = before == null ? null : before.getAttempt();
        ResearchJobPhase phase = StatusRecorder.phaseOf(job.status());

        if (previousPhase == null) {
            events.normal(resource, "Queued", "stored in FalkorDB; attempt 1 is queued");
        }
        if (previousAttempt != null && previousAttempt > 0 && job.attempt() > previousAttempt) {
            events.warning(
                    resource,
                    "Retrying",
                    "attempt "
                            + previousAttempt
                            + " ended with "
                            + describeFailure(job)
                            + "; attempt "
                            + job.attempt()
                            + " is queued");
        }
        if (dispatched) {
            events.normal(
                    resource,
                    "Dispatched",
                    "attempt "
                            + job.attempt()
                            + " dispatched"
                            + (job.dispatchRef() == null ? "" : " as " + job.dispatchRef()));
        }
        if (phase.value().equals(previousPhase)) {
            return;
        }
        boolean sawProcessing = ResearchJobPhase.PROCESSING.value().equals(previousPhase);
        if (phase.isFinal() && !sawProcessing && job.startedAt() != null) {
            events.normal(resource, "Processing", "attempt " + job.attempt() + " started");
        }
        switch (phase) {
            case PROCESSING ->
                    events.normal(resource, "Processing", "attempt " + job.attempt() + " started");
            case COMPLETED ->
                    events.normal(
                            resource,
                            "Completed",
                            "report \""
                                    + job.reportTitle()
                                    + "\" with "
                                    + job.sourceCount()
                                    + " sources stored in FalkorDB");
            case FAILED -> events.warning(resource, "Failed", describeFailure(job));
            case CANCELLED -> events.normal(resource, "Cancelled", describeFailure(job));
            default -> {}
        }
    }

    void invalid(ResearchJob resource, SpecProblem problem) {
        events.warning(resource, "InvalidSpec", problem.message());
    }

    /** Warns once per generation when a spec edit other than {@code suspend} was made. */
    void noteRefusedEdit(ResearchJob resource, Job job) {
        ResearchJobStatus before = resource.getStatus();
        Long generation = resource.getMetadata().getGeneration();
        if (before == null
                || before.getObservedGeneration() == null
                || generation == null
                || generation <= before.getObservedGeneration()) {
            return;
        }
        ResearchJobSpec spec = resource.getSpec();
        boolean same =
                Objects.equals(spec.getQuery(), job.query())
                        && Objects.equals(blankToNull(spec.getGem()), job.params().get("gem"))
                        && Objects.equals(
                                spec.getPoolRef() == null ? "default" : spec.getPoolRef(),
                                job.pool());
        if (!same) {
            events.warning(
                    resource,
                    "SpecChangeRefused",
                    "only spec.suspend can change once a job exists; the job keeps its original"
                            + " spec. Create a new ResearchJob to ask something else.");
        }
    }

    private static String describeFailure(Job job) {
        if (job.failure() == null) {
            return job.status() == JobStatus.CANCELLED ? "cancelled" : "no reason recorded";
        }
        return job.failure().reason().wireName() + ": " + job.failure().message();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
