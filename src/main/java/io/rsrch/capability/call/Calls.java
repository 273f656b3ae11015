package io.rsrch.capability.call;

import io.rsrch.capability.browser.Chromium;
import io.rsrch.capability.site.NavigationGuard;
import io.rsrch.capability.site.SiteAdapter;
import io.rsrch.capability.site.SiteFailure;
import io.rsrch.capability.tab.TabLease;
import io.rsrch.capability.tab.TabPool;
import io.rsrch.job.FailureReason;
import io.rsrch.job.Report;

import com.microsoft.playwright.PlaywrightException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls in flight, at most one per job: a repeated request for the same attempt joins the
 * running call, a request for a newer attempt supersedes the older one, and a call whose callers
 * have all gone away is stopped. Each call runs on its own worker thread holding one tab.
 */
public final class Calls implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Calls.class);

    private final TabPool pool;
    private final SiteAdapter adapter;
    private final Chromium chromium;
    private final Duration callTimeout;
    private final Map<String, Call> inFlight = new HashMap<>();
    private final ExecutorService workers;

    public Calls(TabPool pool, SiteAdapter adapter, Chromium chromium, Duration callTimeout) {
        this.pool = pool;
        this.adapter = adapter;
        this.chromium = chromium;
        this.callTimeout = callTimeout;
        AtomicInteger count = new AtomicInteger();
        this.workers =
                Executors.newCachedThreadPool(
                        task -> {
                            Thread thread = new Thread(task, "call-" + count.incrementAndGet());
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    /**
     * Joins the call in flight for this (job, attempt), or starts a new one. The caller counts as
     * one of the call's callers until it {@link #leave}s.
     *
     * <p>Limitation: a joining caller shares the first caller's time limit; its own {@code
     * timeoutMs} is not applied, which matters only if a retry asks for a shorter limit.
     *
     * @throws SiteFailure with {@link FailureReason#CANCELLED} if a newer attempt is in flight
     */
    public Call open(ResearchRequest request) {
        Call call;
        Call superseded = null;
        synchronized (this) {
            Call current = inFlight.get(request.jobId());
            if (current != null && current.request().attempt() == request.attempt()) {
                current.addCaller();
                log.info(
                        "call job={} attempt={} joined the call in flight",
                        request.jobId(),
                        request.attempt());
                return current;
            }
            if (current != null && current.request().attempt() > request.attempt()) {
                throw new SiteFailure(
                        FailureReason.CANCELLED,
                        "attempt "
                                + request.attempt()
                                + " is stale: attempt "
                                + current.request().attempt()
                                + " of job "
                                + request.jobId()
                                + " is in flight");
            }
            superseded = current;
            call = new Call(request, new CallSignal(limitOf(request)));
            call.addCaller();
            inFlight.put(request.jobId(), call);
        }
        if (superseded != null) {
            superseded.signal().cancel("superseded by attempt " + request.attempt());
            log.warn(
                    "call job={} attempt={} superseded by attempt {}",
                    request.jobId(),
                    superseded.request().attempt(),
                    request.attempt());
        }
        Call started = call;
        workers.execute(() -> run(started));
        return call;
    }

    /** One caller stopped waiting; when none is left the call is stopped and its tab freed. */
    public void leave(Call call, String because) {
        boolean last;
        synchronized (this) {
            last = call.removeCaller() <= 0 && !call.result().isDone();
        }
        if (last) {
            ResearchRequest request = call.request();
            log.warn(
                    "call job={} attempt={} stopped: {}",
                    request.jobId(),
                    request.attempt(),
                    because);
            call.signal().cancel(because);
        }
    }

    /**
     * Cancels the job's call in flight (only if it is the given attempt, when one is given) and
     * waits briefly until its tab is free.
     *
     * @return whether a call was cancelled
     */
    public boolean cancel(String jobId, Integer attempt, Duration waitForRelease) {
        Call call;
        synchronized (this) {
            call = inFlight.get(jobId);
        }
        if (call == null || (attempt != null && call.request().attempt() != attempt)) {
            return false;
        }
        call.signal().cancel("cancelled on request");
        log.info("call job={} attempt={} cancelled", jobId, call.request().attempt());
        try {
            call.result()
                    .handle((result, error) -> null)
                    .get(waitForRelease.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("call job={} did not stop within {} ms", jobId, waitForRelease.toMillis());
        }
        return true;
    }

    public synchronized int inFlight() {
        return inFlight.size();
    }

    private Duration limitOf(ResearchRequest request) {
        if (request.timeoutMs() == null) {
            return callTimeout;
        }
        Duration asked = Duration.ofMillis(request.timeoutMs());
        return asked.compareTo(callTimeout) < 0 ? asked : callTimeout;
    }

    private void run(Call call) {
        ResearchRequest request = call.request();
        CallResult outcome = null;
        Throwable failure = null;
        log.info("call job={} attempt={} started", request.jobId(), request.attempt());
        try (TabLease lease = pool.lease(request.jobId(), request.attempt(), call.signal())) {
            try {
                Report report =
                        adapter.research(
                                lease.page(),
                                lease.guard(),
                                call.signal(),
                                request.query(),
                                request.gem());
                outcome = new CallResult(report, lease.index());
            } catch (RuntimeException e) {
                failure = translate(e, call.signal(), lease);
            }
        } catch (Throwable e) {
            failure = failure == null ? e : failure;
        }

        synchronized (this) {
            inFlight.remove(request.jobId(), call);
        }
        if (outcome != null) {
            log.info(
                    "call job={} attempt={} completed on tab {}",
                    request.jobId(),
                    request.attempt(),
                    outcome.tab());
            call.result().complete(outcome);
        } else {
            String reason = failure instanceof SiteFailure site ? site.reason().wireName() : "";
            log.warn(
                    "call job={} attempt={} failed {}: {}",
                    request.jobId(),
                    request.attempt(),
                    reason,
                    failure.getMessage());
            call.result().completeExceptionally(failure);
        }
    }

    /**
     * Names the failure of a call: a browser that died under the page is a crash whatever the page
     * step reported, and a raw Playwright error becomes a site error.
     */
    private RuntimeException translate(RuntimeException e, CallSignal signal, TabLease lease) {
        if (e instanceof SiteFailure site
                && (site.reason() == FailureReason.CANCELLED
                        || site.reason() == FailureReason.TIMEOUT)) {
            return e;
        }
        if (signal.cancelled() || signal.remaining().isZero()) {
            try {
                signal.check();
            } catch (SiteFailure stopped) {
                return stopped;
            }
        }
        boolean pageFailure =
                e instanceof PlaywrightException || e.getCause() instanceof PlaywrightException;
        if (pageFailure && (!lease.browserConnected() || !chromium.connected())) {
            return new SiteFailure(
                    FailureReason.BROWSER_CRASHED,
                    "the browser crashed or disconnected during the call; the next call starts it"
                            + " again, so retry the attempt",
                    e);
        }
        String refusedHost = lease.guard().refusedHost();
        if (pageFailure && refusedHost != null) {
            // The page step broke because the guard stopped the page leaving its site; that is
            // the failure to report, not the step's own error.
            return NavigationGuard.refused(refusedHost);
        }
        if (e instanceof PlaywrightException) {
            return new SiteFailure(
                    FailureReason.SITE_ERROR, "the page failed: " + firstLine(e.getMessage()), e);
        }
        return e;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Stops every call in flight and waits for the workers to let go of their tabs. */
    @Override
    public void close() {
        List<Call> running;
        synchronized (this) {
            running = new ArrayList<>(inFlight.values());
        }
        running.forEach(call -> call.signal().cancel("the capability is shutting down"));
        workers.shutdown();
        try {
            if (!workers.awaitTermination(20, TimeUnit.SECONDS)) {
                log.warn("some calls did not stop within 20 s of shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
