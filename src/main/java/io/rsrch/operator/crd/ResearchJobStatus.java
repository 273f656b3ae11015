package io.rsrch.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the operator has seen of a {@link ResearchJob}, mirrored from FalkorDB; the report itself
 * stays in FalkorDB so the status stays small.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResearchJobStatus {

    /** Where the job is: Queued, Processing, Completed, Failed or Cancelled. */
    @JsonPropertyDescription(
            "Where the job is: Queued, Processing, Completed, Failed or Cancelled. The last three"
                    + " are final.")
    @SchemaFrom(type = ResearchJobPhase.class)
    private String phase;

    /** Number of the current or last attempt, counting from 1. */
    @JsonPropertyDescription("Number of the current or last attempt, counting from 1.")
    private Integer attempt;

    /** UUID of the Windmill job that carries out the current attempt. */
    @JsonPropertyDescription("UUID of the Windmill job that carries out the current attempt.")
    private String windmillJobId;

    /** Name of the capability pod whose tab runs, or ran, the current attempt. */
    @JsonPropertyDescription(
            "Name of the capability pod whose tab runs, or ran, the current attempt.")
    private String capabilityPod;

    /** When the first attempt started, in RFC 3339. */
    @JsonPropertyDescription("When the first attempt started, in RFC 3339.")
    private String startTime;

    /** When the job reached a final phase, in RFC 3339. */
    @JsonPropertyDescription("When the job reached a final phase, in RFC 3339.")
    private String completionTime;

    /** The metadata.generation this status describes. */
    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    /** Observations such as Complete, Failed and Suspended, with their reasons. */
    @JsonPropertyDescription(
            "Observations such as Complete, Failed and Suspended, with their reasons.")
    private List<ResearchJobCondition> conditions = new ArrayList<>();

    /** Title of the finished report. */
    @JsonPropertyDescription("Title of the finished report; the report itself is kept in FalkorDB.")
    private String reportTitle;

    /** Number of sources the finished report cites. */
    @JsonPropertyDescription("Number of sources the finished report cites.")
    private Integer sourceCount;

    /** A short summary for people of where the job stands. */
    @JsonPropertyDescription("A short summary for people of where the job stands.")
    private String message;

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public Integer getAttempt() {
        return attempt;
    }

    public void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }

    public String getWindmillJobId() {
        return windmillJobId;
    }

    public void setWindmillJobId(String windmillJobId) {
        this.windmillJobId = windmillJobId;
    }

    public String getCapabilityPod() {
        return capabilityPod;
    }

    public void setCapabilityPod(String capabilityPod) {
        this.capabilityPod = capabilityPod;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public void setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<ResearchJobCondition> getConditions() {
        return conditions;
    }

    public void setConditions(List<ResearchJobCondition> conditions) {
        this.conditions = conditions;
    }

    public String getReportTitle() {
        return reportTitle;
    }

    public void setReportTitle(String reportTitle) {
        this.reportTitle = reportTitle;
    }

    public Integer getSourceCount() {
        return sourceCount;
    }

    public void setSourceCount(Integer sourceCount) {
        this.sourceCount = sourceCount;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ResearchJobStatus that)) {
            return false;
        }
        return Objects.equals(phase, that.phase)
                && Objects.equals(attempt, that.attempt)
                && Objects.equals(windmillJobId, that.windmillJobId)
                && Objects.equals(capabilityPod, that.capabilityPod)
                && Objects.equals(startTime, that.startTime)
                && Objects.equals(completionTime, that.completionTime)
                && Objects.equals(observedGeneration, that.observedGeneration)
                && Objects.equals(conditions, that.conditions)
                && Objects.equals(reportTitle, that.reportTitle)
                && Objects.equals(sourceCount, that.sourceCount)
                && Objects.equals(message, that.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                phase,
                attempt,
                windmillJobId,
                capabilityPod,
                startTime,
                completionTime,
                observedGeneration,
                conditions,
                reportTitle,
                sourceCount,
                message);
    }
}
