package io.rsrch.worker;

import io.rsrch.job.FailureReason;

import java.time.Duration;

/**
 * A capability call that did not produce a report: why, in the job's own failure words, and for a
 * capability with no free tab, how long to wait before asking again.
 */
public class CapabilityCallException extends Exception {

    private final FailureReason reason;
    private final Duration retryAfter;

    public CapabilityCallException(FailureReason reason, String message, Duration retryAfter) {
        super(message);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public FailureReason reason() {
        return reason;
    }

    /** Set only when the capability was busy: the call may be repeated after this long. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean busy() {
        return retryAfter != null;
    }
}
