package io.rsrch.job;

import io.rsrch.dispatch.Dispatcher;
import io.rsrch.store.StoreUnavailableException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches FalkorDB so that no job is left behind: dispatches every queued attempt that is due,
 * takes back attempts whose lease expired, and fails jobs past their deadline. It keeps no state
 * that matters across restarts; after one it finds the queued jobs in FalkorDB again.
 */
public final class JobSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobSupervisor.class);
    private static final int SCAN_LIMIT = 1000;

    private final JobLifecycle lifecycle;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final Duration interval;
    private final Map<String, Integer> dispatched = new ConcurrentHashMap<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final ScheduledExecutorService loop =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "rsrch-supervisor");
                        thread.setDaemon(true);
                        return thread;
                    });

    public JobSupervisor(
            JobLifecycle lifecycle, Dispatcher dispatcher, Clock clock, Duration interval) {
        this.lifecycle = lifecycle;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.interval = interval;
    }

    public void start() {
        loop.scheduleWithFixedDelay(
                this::tickSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass soon, e.g. right after a submission, instead of at the next interval. */
    public void wake() {
        if (wakePending.compareAndSet(false, true)) {
            loop.execute(
                    () -> {
                        wakePending.set(false);
                        tickSafely();
                    });
        }
    }

    /** Cancels a job and stops its attempt; answers empty when the job had finished already. */
    public java.util.Optional<Job> cancel(String jobId, String message) {
        java.util.Optional<Job> cancelled = lifecycle.cancel(jobId, message);
        cancelled.ifPresent(dispatcher::cancel);
        return cancelled;
    }

    /** One pass over FalkorDB: expired leases, deadlines, then queued attempts that are due. */
    public void tick() {
        lifecycle.expireLeases();
        failPastDeadline();
        dispatchDue();
    }

    private void tickSafely() {
        try {
            tick();
        } catch (StoreUnavailableException e) {
            log.warn("supervision paused, FalkorDB unavailable: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("supervision pass failed", e);
        }
    }

    private void failPastDeadline() {
        long now = clock.millis();
        for (JobStatus status : List.of(JobStatus.QUEUED, JobStatus.PROCESSING)) {
            for (Job job : lifecycle.store().findByStatus(status, SCAN_LIMIT)) {
                if (job.deadlineAt() != null && job.deadlineAt() <= now) {
                    lifecycle
                            .failUnfinished(
                                    job,
                                    new JobFailure(
                                            FailureReason.DEADLINE_EXCEEDED,
                                            "the job ran past its deadline"))
                            .ifPresent(dispatcher::cancel);
                }
            }
        }
    }

    private void dispatchDue() {
        long now = clock.millis();
        List<Job> queued = lifecycle.store().findByStatus(JobStatus.QUEUED, SCAN_LIMIT);
        Set<String> stillQueued = new HashSet<>();
        for (Job job : queued) {
            stillQueued.add(job.id());
            if (job.notBefore() != null && job.notBefore() > now) {
                continue;
            }
            Integer previous = dispatched.put(job.id(), job.attempt());
            if (previous != null && previous == job.attempt()) {
                continue;
            }
            try {
                dispatcher.dispatch(job);
                log.debug("job={} attempt={} dispatched", job.id(), job.attempt());
            } catch (RuntimeException e) {
                dispatched.remove(job.id(), job.attempt());
                log.warn(
                        "job={} attempt={} dispatch failed, will retry: {}",
                        job.id(),
                        job.attempt(),
                        e.getMessage());
            }
        }
        if (queued.size() < SCAN_LIMIT) {
            dispatched.keySet().retainAll(stillQueued);
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
