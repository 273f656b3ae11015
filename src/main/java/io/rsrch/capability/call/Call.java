package io.rsrch.capability.call;

import java.util.concurrent.CompletableFuture;

/**
 * One attempt of one job being researched right now; every caller asking for the same (job,
 * attempt) waits on this same call.
 */
public final class Call {

    private final ResearchRequest request;
    private final CallSignal signal;
    private final CompletableFuture<CallResult> result = new CompletableFuture<>();
    private int callers;

    Call(ResearchRequest request, CallSignal signal) {
        this.request = request;
        this.signal = signal;
    }

    public ResearchRequest request() {
        return request;
    }

    public CallSignal signal() {
        return signal;
    }

    /** Completes with the report, or exceptionally with the failure, once the tab is released. */
    public CompletableFuture<CallResult> result() {
        return result;
    }

    int addCaller() {
        return ++callers;
    }

    int removeCaller() {
        return --callers;
    }
}
