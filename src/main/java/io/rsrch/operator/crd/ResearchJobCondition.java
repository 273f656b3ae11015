package io.rsrch.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

import java.util.Objects;

/** One observation about a {@link ResearchJob}, shaped like a Kubernetes condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResearchJobCondition {

    /** Condition type "Complete": the job ended with a report. */
    public static final String COMPLETE = "Complete";

    /** Condition type "Failed": the job ended without a report. */
    public static final String FAILED = "Failed";

    /** Condition type "Suspended": the job was suspended, and so cancelled. */
    public static final String SUSPENDED = "Suspended";

    /** The condition's type, such as Complete, Failed or Suspended. */
    @JsonPropertyDescription("The condition's type, such as Complete, Failed or Suspended.")
    private String type;

    /** Whether the condition holds: "True", "False" or "Unknown". */
    @JsonPropertyDescription("Whether the condition holds: True, False or Unknown.")
    @Pattern("^(True|False|Unknown)$")
    private String status;

    /** A one-word cause, such as BackoffLimitExceeded, DeadlineExceeded or AuthRequired. */
    @JsonPropertyDescription(
            "A one-word cause in CamelCase, such as BackoffLimitExceeded, DeadlineExceeded,"
                    + " InvalidSpec, AuthRequired or Cancelled.")
    private String reason;

    /** A sentence for people about what happened. */
    @JsonPropertyDescription("A sentence for people about what happened.")
    private String message;

    /** When the status last changed, in RFC 3339. */
    @JsonPropertyDescription("When the status last changed, in RFC 3339.")
    private String lastTransitionTime;

    public ResearchJobCondition() {}

    public ResearchJobCondition(
            String type, String status, String reason, String message, String lastTransitionTime) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
        this.lastTransitionTime = lastTransitionTime;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ResearchJobCondition that)) {
            return false;
        }
        return Objects.equals(type, that.type)
                && Objects.equals(status, that.status)
                && Objects.equals(reason, that.reason)
                && Objects.equals(message, that.message)
                && Objects.equals(lastTransitionTime, that.lastTransitionTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, reason, message, lastTransitionTime);
    }

    @Override
    public String toString() {
        return "ResearchJobCondition{type="
                + type
                + ", status="
                + status
                + ", reason="
                + reason
                + "}";
    }
}
