package io.rsrch.operator.job;

import io.rsrch.job.Job;
import io.rsrch.job.JobStatus;
import io.rsrch.operator.crd.ResearchJob;
import io.rsrch.operator.crd.ResearchJobCondition;
import io.rsrch.operator.crd.ResearchJobPhase;
import io.rsrch.operator.crd.ResearchJobStatus;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what FalkorDB says about a job into its {@code ResearchJob} status: phase, attempt, times,
 * conditions with reasons and a one-line summary. The report itself stays in FalkorDB.
 */
final class StatusRecorder {

    private static final int MAX_MESSAGE = 300;

    private final Clock clock;

    StatusRecorder(Clock clock) {
        this.clock = clock;
    }

    static ResearchJobPhase phaseOf(JobStatus status) {
        return switch (status) {
            case QUEUED -> ResearchJobPhase.QUEUED;
            case PROCESSING -> ResearchJobPhase.PROCESSING;
            case COMPLETED -> ResearchJobPhase.COMPLETED;
            case FAILED -> ResearchJobPhase.FAILED;
            case CANCELLED -> ResearchJobPhase.CANCELLED;
        };
    }

    ResearchJobStatus mirror(ResearchJob resource, Job job, boolean suspended) {
        ResearchJobStatus previous = resource.getStatus();
        ResearchJobStatus status = new ResearchJobStatus();
        status.setPhase(phaseOf(job.status()).value());
        status.setAttempt(job.attempt());
        status.setWindmillJobId(job.dispatchRef());
        status.setCapabilityPod(job.capabilityPod());
        status.setStartTime(time(job.startedAt()));
        status.setCompletionTime(time(job.completedAt()));
        status.setObservedGeneration(resource.getMetadata().getGeneration());
        status.setReportTitle(shorten(job.reportTitle()));
        status.setSourceCount(job.sourceCount());
        status.setMessage(shorten(summary(job)));
        status.setConditions(conditions(job, suspended, previous));
        return status;
    }

    ResearchJobStatus invalid(ResearchJob resource, SpecProblem problem) {
        ResearchJobStatus status = new ResearchJobStatus();
        status.setPhase(ResearchJobPhase.FAILED.value());
        status.setAttempt(0);
        status.setObservedGeneration(resource.getMetadata().getGeneration());
        status.setMessage(shorten("InvalidSpec: " + problem.message()));
        String since = sinceOf(resource.getStatus(), ResearchJobCondition.FAILED, "True");
        status.setConditions(
                List.of(
                        new ResearchJobCondition(
                                ResearchJobCondition.FAILED,
                                "True",
                                "InvalidSpec",
                                shorten(problem.message()),
                                since)));
        status.setCompletionTime(
                resource.getStatus() != null && resource.getStatus().getCompletionTime() != null
                        ? resource.getStatus().getCompletionTime()
                        : Instant.ofEpochMilli(clock.millis()).toString());
        return status;
    }

    private List<ResearchJobCondition> conditions(
            Job job, boolean suspended, ResearchJobStatus previous) {
        List<ResearchJobCondition> conditions = new ArrayList<>();
        switch (job.status()) {
            case COMPLETED ->
                    conditions.add(
                            condition(
                                    previous,
                                    ResearchJobCondition.COMPLETE,
                                    "Completed",
                                    "the report is stored in FalkorDB"));
            case FAILED ->
                    conditions.add(
                            condition(
                                    previous,
                                    ResearchJobCondition.FAILED,
                                    job.failure().reason().wireName(),
                                    job.failure().message()));
            case CANCELLED ->
                    conditions.add(
                            condition(
                                    previous,
                                    suspended
                                            ? ResearchJobCondition.SUSPENDED
                                            : ResearchJobCondition.FAILED,
                                    "Cancelled",
                                    job.failure() == null ? "cancelled" : job.failure().message()));
            default -> {}
        }
        return conditions;
    }

    private ResearchJobCondition condition(
            ResearchJobStatus previous, String type, String reason, String message) {
        return new ResearchJobCondition(
                type, "True", reason, shorten(message), sinceOf(previous, type, "True"));
    }

    /** Keeps the time a condition first became true, as Kubernetes conditions do. */
    private String sinceOf(ResearchJobStatus previous, String type, String value) {
        if (previous != null && previous.getConditions() != null) {
            for (ResearchJobCondition condition : previous.getConditions()) {
                if (type.equals(condition.getType()) && value.equals(condition.getStatus())) {
                    return condition.getLastTransitionTime();
                }
            }
        }
        return Instant.ofEpochMilli(clock.millis()).toString();
    }

    private static String summary(Job job) {
        return switch (job.status()) {
            case QUEUED ->
                    job.failure() == null
                            ? "attempt " + job.attempt() + " queued"
                            : "attempt "
                                    + job.attempt()
                                    + " queued after "
                                    + job.failure().reason().wireName()
                                    + ": "
                                    + job.failure().message();
            case PROCESSING -> "attempt " + job.attempt() + " running";
            case COMPLETED ->
                    "completed: " + job.reportTitle() + " (" + job.sourceCount() + " sources)";
            case FAILED, CANCELLED ->
                    job.status().wireName()
                            + ": "
                            + job.failure().reason().wireName()
                            + ": "
                            + job.failure().message();
        };
    }

    private static String time(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    private static String shorten(String text) {
        if (text == null || text.length() <= MAX_MESSAGE) {
            return text;
        }
        return text.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
