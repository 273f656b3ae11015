package io.rsrch.capability.tab;

import java.time.Duration;

/**
 * Every tab is taken and the call could not wait for one: the wait queue was full, or the call
 * waited its full queue time. The caller should retry after {@link #retryAfter()}.
 */
public final class TabsBusy extends RuntimeException {

    private final Duration retryAfter;

    TabsBusy(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
