package io.rsrch.capability.call;

import io.rsrch.capability.site.SiteFailure;
import io.rsrch.job.FailureReason;

import java.time.Duration;

/**
 * Tells the code working on a call whether it should stop: because someone cancelled it, the caller
 * went away, or its deadline passed. Work checks it between short steps.
 */
public final class CallSignal {

    private final long deadlineNanos;
    private final Duration limit;
    private volatile String cancelledBecause;

    public CallSignal(Duration limit) {
        this.limit = limit;
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
    }

    /** Asks the work to stop; the first reason given is kept. */
    public void cancel(String because) {
        synchronized (this) {
            if (cancelledBecause == null) {
                cancelledBecause = because;
            }
        }
    }

    public boolean cancelled() {
        return cancelledBecause != null;
    }

    public Duration remaining() {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    public Duration limit() {
        return limit;
    }

    /** Throws the failure that ends the call if it should stop now, else returns. */
    public void check() {
        String because = cancelledBecause;
        if (because != null) {
            throw new SiteFailure(FailureReason.CANCELLED, "the call was cancelled: " + because);
        }
        if (remaining().isZero()) {
            throw new SiteFailure(
                    FailureReason.TIMEOUT,
                    "the report was not finished within "
                            + limit.toMillis()
                            + " ms; no partial report is returned. If the research needs more"
                            + " time, raise RSRCH_ATTEMPT_TIMEOUT_SECONDS (the attempt time-out)");
        }
    }
}
