package io.rsrch.job;

import java.util.Locale;

/**
 * Where a job stands. {@code queued -> processing -> completed | failed}; {@code cancelled} from
 * any state that is not final; {@code processing -> queued} when a lease expires and attempts
 * remain.
 */
public enum JobStatus {
    QUEUED,
    PROCESSING,
    COMPLETED,
    FAILED,
    CANCELLED;

    /** The word stored in FalkorDB and used by the internal API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The word legacy REST clients parse: they know a running job as {@code running}. */
    public String legacyName() {
        return this == PROCESSING ? "running" : wireName();
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public static JobStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
