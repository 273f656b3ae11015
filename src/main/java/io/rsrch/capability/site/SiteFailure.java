package io.rsrch.capability.site;

import io.rsrch.job.FailureReason;

/**
 * The one way a call fails: it carries the {@link FailureReason} the worker stores and a message
 * that tells a person what happened and what to do.
 */
public class SiteFailure extends RuntimeException {

    private final FailureReason reason;

    public SiteFailure(FailureReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SiteFailure(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public FailureReason reason() {
        return reason;
    }
}
