package io.rsrch.operator.crd;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of work a {@link ResearchJob} can ask for, with the words the API uses for them. */
public enum ResearchJobType {
    DEEP_RESEARCH("deep-research"),
    AUDIO_OVERVIEW("audio-overview");

    private final String value;

    ResearchJobType(String value) {
        this.value = value;
    }

    /** The word written in {@code spec.type}. */
    @JsonValue
    public String value() {
        return value;
    }

    /** The type spelled {@code value}, if it is one. */
    public static Optional<ResearchJobType> of(String value) {
        return Arrays.stream(values()).filter(type -> type.value.equals(value)).findFirst();
    }
}
