package io.rsrch.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What a user asks a {@link ResearchJob} to do.
 *
 * <p>Only {@code suspend} may change once the job exists: every other field is fixed by CEL rules
 * in the CRD, so the API server refuses an edit that would make a running attempt disagree with its
 * job. A field left unset may still be set later; a field once set may not be removed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value =
                "(!has(oldSelf.query) || has(self.query))"
                        + " && (!has(oldSelf.gem) || has(self.gem))"
                        + " && (!has(oldSelf.sessionId) || has(self.sessionId))"
                        + " && (!has(oldSelf.audio) || has(self.audio))"
                        + " && (!has(oldSelf.activeDeadlineSeconds)"
                        + " || has(self.activeDeadlineSeconds))"
                        + " && (!has(oldSelf.ttlSecondsAfterFinished)"
                        + " || has(self.ttlSecondsAfterFinished))",
        message =
                "fields of a ResearchJob spec cannot be removed once set; only suspend may change")
public class ResearchJobSpec {

    private static final String IMMUTABLE = "self == oldSelf";

    /** What the job does: deep-research (a Gemini Deep Research report) or audio-overview. */
    @JsonPropertyDescription(
            "What the job does: deep-research (a Gemini Deep Research report) or audio-overview"
                    + " (a NotebookLM audio overview). Immutable.")
    @SchemaFrom(type = ResearchJobType.class)
    @Default("deep-research")
    @ValidationRule(value = IMMUTABLE, message = "type is immutable")
    private String type = ResearchJobType.DEEP_RESEARCH.value();

    /** The research question, sent to the site byte for byte. */
    @JsonPropertyDescription(
            "The research question, sent to the site byte for byte. Required for deep-research."
                    + " Immutable.")
    @Size(max = 20000)
    @ValidationRule(value = IMMUTABLE, message = "query is immutable")
    private String query;

    /** Name of a Gemini gem to ask instead of the default model. */
    @JsonPropertyDescription("Name of a Gemini gem to ask instead of the default model. Immutable.")
    @Size(max = 200)
    @ValidationRule(value = IMMUTABLE, message = "gem is immutable")
    private String gem;

    /** Session the job belongs to; jobs of one session are grouped in FalkorDB. */
    @JsonPropertyDescription(
            "Session the job belongs to; jobs of one session are grouped in FalkorDB. Immutable.")
    @Size(max = 200)
    @ValidationRule(value = IMMUTABLE, message = "sessionId is immutable")
    private String sessionId;

    /** The notebook and sources of an audio-overview job. */
    @JsonPropertyDescription("The notebook and sources of an audio-overview job. Immutable.")
    @ValidationRule(value = IMMUTABLE, message = "audio is immutable")
    private AudioOverviewSpec audio;

    /** Name of the BrowserPool, in the job's namespace, whose tabs run the job. */
    @JsonPropertyDescription(
            "Name of the BrowserPool, in the job's namespace, whose tabs run the job. Immutable.")
    @Default("default")
    @Size(max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @ValidationRule(value = IMMUTABLE, message = "poolRef is immutable")
    private String poolRef = "default";

    /** How many more attempts a retryable failure or an expired lease may start. */
    @JsonPropertyDescription(
            "How many more attempts a retryable failure or an expired lease may start before the"
                    + " job fails with BackoffLimitExceeded. Immutable.")
    @Min(0)
    @Max(10)
    @Default("2")
    @ValidationRule(value = IMMUTABLE, message = "backoffLimit is immutable")
    private Integer backoffLimit = 2;

    /** Longest time in seconds from the job's start to its end, over all attempts. */
    @JsonPropertyDescription(
            "Longest time in seconds from the job's start to its end, over all attempts; past it"
                    + " the job fails with DeadlineExceeded. Immutable.")
    @Min(1)
    @ValidationRule(value = IMMUTABLE, message = "activeDeadlineSeconds is immutable")
    private Long activeDeadlineSeconds;

    /** Seconds a finished job is kept before the operator deletes it; unset keeps it. */
    @JsonPropertyDescription(
            "Seconds a finished job is kept before the operator deletes it; unset keeps it."
                    + " Immutable.")
    @Min(0)
    @ValidationRule(value = IMMUTABLE, message = "ttlSecondsAfterFinished is immutable")
    private Long ttlSecondsAfterFinished;

    /** True cancels a job that has not finished; the only field that may change. */
    @JsonPropertyDescription(
            "True cancels a job that has not finished yet. The only field of the spec that may"
                    + " change after the job is created.")
    @Default("false")
    private Boolean suspend = false;

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }

    public String getGem() {
        return gem;
    }

    public void setGem(String gem) {
        this.gem = gem;
    }

    public String getSessionId() {
        return sessionId;
    }

    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    public AudioOverviewSpec getAudio() {
        return audio;
    }

    public void setAudio(AudioOverviewSpec audio) {
        this.audio = audio;
    }

    public String getPoolRef() {
        return poolRef;
    }

    public void setPoolRef(String poolRef) {
        this.poolRef = poolRef;
    }

    public Integer getBackoffLimit() {
        return backoffLimit;
    }

    public void setBackoffLimit(Integer backoffLimit) {
        this.backoffLimit = backoffLimit;
    }

    public Long getActiveDeadlineSeconds() {
        return activeDeadlineSeconds;
    }

    public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
        this.activeDeadlineSeconds = activeDeadlineSeconds;
    }

    public Long getTtlSecondsAfterFinished() {
        return ttlSecondsAfterFinished;
    }

    public void setTtlSecondsAfterFinished(Long ttlSecondsAfterFinished) {
        this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }
}
