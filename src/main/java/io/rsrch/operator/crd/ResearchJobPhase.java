package io.rsrch.operator.crd;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** Where a {@link ResearchJob} is in its life, as {@code status.phase} spells it. */
public enum ResearchJobPhase {
    QUEUED("Queued"),
    PROCESSING("Processing"),
    COMPLETED("Completed"),
    FAILED("Failed"),
    CANCELLED("Cancelled");

    private final String value;

    ResearchJobPhase(String value) {
        this.value = value;
    }

    /** The word written in {@code status.phase}. */
    @JsonValue
    public String value() {
        return value;
    }

    /** Whether a job in this phase is done and will not change any more. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** The phase spelled {@code value}, if it is one. */
    public static Optional<ResearchJobPhase> of(String value) {
        return Arrays.stream(values()).filter(phase -> phase.value.equals(value)).findFirst();
    }
}
