package io.rsrch.operator.crd;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** The sites a {@link BrowserPool}'s capability pods can drive. */
public enum BrowserSite {
    GEMINI("gemini"),
    SANDBOX("sandbox");

    private final String value;

    BrowserSite(String value) {
        this.value = value;
    }

    /** The word written in {@code spec.site} and passed to the capability as {@code RSRCH_SITE}. */
    @JsonValue
    public String value() {
        return value;
    }

    /** The site spelled {@code value}, if it is one. */
    public static Optional<BrowserSite> of(String value) {
        return Arrays.stream(values()).filter(site -> site.value.equals(value)).findFirst();
    }
}
