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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes sure no job is left behind: dispatches each queued attempt that is due, takes back attempts
 * whose lease expired, and fails jobs past their deadline. The local mode runs it as a loop over
 * FalkorDB; the operator calls {@link #supervise} for each {@code ResearchJob} it reconciles. It
 * keeps nothing that matters across restarts.
 */
public final class JobSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobSupervisor.class);
    private static final int SCAN_LIMIT = 1000;

    private final JobLifecycle lifecycle;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final Duration interval;
    private final Map<String, Integer> dispatchedHere = new ConcurrentHashMap<>();
    private final Map<String, Long> lastAsked = new ConcurrentHashMap<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final ScheduledExecutorService loop = Loop.named("rsrch-supervisor");

    public JobSupervisor(
            JobLifecycle lifecycle, Dispatcher dispatcher, Clock clock, Duration interval) {
        this.lifecycle = lifecycle;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.interval = interval;
    }

    /** Starts scanning FalkorDB every interval. */
    public void start() {
        loop.scheduleWithFixedDelay(
                this::scanSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a scan soon, e.g. right after a submission, instead of at the next interval. */
    public void wake() {
        if (wakePending.compareAndSet(false, true)) {
            loop.execute(
                    () -> {
                        wakePending.set(false);
                        scanSafely();
                    });
        }
    }

    /**
     * Supervises a job just submitted, soon and on the supervision thread, so its attempt is
     * dispatched at once without a pass over every unfinished job.
     */
    public void submitted(Job job) {
        loop.execute(
                () -> {
                    try {
                        superviseOnce(job);
                    } catch (StoreUnavailableException e) {
                        log.warn(
                                "job={} waits for the next pass, FalkorDB unavailable: {}",
                                job.id(),
                                e.getMessage());
                    } catch (RuntimeException e) {
                        log.error("job={} supervision failed", job.id(), e);
                    }
                });
    }

    /** Cancels a job and stops its attempt; answers empty when the job had finished already. */
    public Optional<Job> cancel(String jobId, String message) {
        Optional<Job> cancelled = lifecycle.cancel(jobId, message);
        cancelled.ifPresent(dispatcher::cancel);
        return cancelled;
    }

    /** One pass over FalkorDB: every running and queued job is supervised once. */
    public void scan() {
        Set<String> stillQueued = new HashSet<>();
        Set<String> unfinished = new HashSet<>();
        boolean complete = true;
        for (JobStatus status : List.of(JobStatus.PROCESSING, JobStatus.QUEUED)) {
            List<Job> jobs = lifecycle.store().findByStatus(status, SCAN_LIMIT);
            complete &= jobs.size() < SCAN_LIMIT;
            for (Job job : jobs) {
                unfinished.add(job.id());
                if (status == JobStatus.QUEUED) {
                    stillQueued.add(job.id());
                }
                superviseOnce(job);
            }
        }
        if (complete) {
            dispatchedHere.keySet().retainAll(stillQueued);
            lastAsked.keySet().retainAll(unfinished);
        }
    }

    /**
     * Supervises one job and answers it as it stands afterwards: a lease that ran out is taken
     * back, a job past its deadline fails, and a queued attempt that is due is dispatched.
     */
    public Supervision supervise(Job job) {
        Supervision once = superviseOnce(job);
        if (!once.dispatched()) {
            return once;
        }
        return new Supervision(lifecycle.store().find(job.id()).orElse(once.job()), true);
    }

    /** Supervises one job without reading it back after a dispatch: for passes that drop it. */
    private Supervision superviseOnce(Job job) {
        Job current = lifecycle.expireLease(job).orElse(job);
        current = failPastDeadline(current).orElse(current);
        current = takeBackLostWork(current).orElse(current);
        return new Supervision(current, dispatchIfDue(current));
    }

    /** A job after supervision, and whether its attempt was dispatched just now. */
    public record Supervision(Job job, boolean dispatched) {}

    private Optional<Job> failPastDeadline(Job job) {
        if (job.status().isFinal()
                || job.deadlineAt() == null
                || job.deadlineAt() > clock.millis()) {
            return Optional.empty();
        }
        Optional<Job> failed =
                lifecycle.failUnfinished(
                        job,
                        new JobFailure(
                                FailureReason.DEADLINE_EXCEEDED, "the job ran past its deadline"));
        failed.ifPresent(dispatcher::cancel);
        return failed;
    }

    /** Hands back an attempt whose dispatched work ended without committing it. */
    private Optional<Job> takeBackLostWork(Job job) {
        if (job.status().isFinal() || !dispatcher.durable() || !job.currentAttemptDispatched()) {
            return Optional.empty();
        }
        long now = clock.millis();
        Long asked = lastAsked.get(job.id());
        if (asked != null && now - asked < askInterval()) {
            return Optional.empty();
        }
        lastAsked.put(job.id(), now);
        Optional<JobFailure> lost;
        try {
            lost = dispatcher.ended(job);
        } catch (RuntimeException e) {
            log.warn(
                    "job={} could not ask the dispatcher about attempt {}: {}",
                    job.id(),
                    job.attempt(),
                    e.getMessage());
            return Optional.empty();
        }
        return lost.flatMap(failure -> lifecycle.abandonAttempt(job, failure));
    }

    /** Dispatches the job's attempt if it is queued, due, and not dispatched yet. */
    private boolean dispatchIfDue(Job job) {
        if (job.status() != JobStatus.QUEUED
                || (job.notBefore() != null && job.notBefore() > clock.millis())) {
            return false;
        }
        if (dispatcher.durable() ? job.currentAttemptDispatched() : dispatchedHereAlready(job)) {
            return false;
        }
        try {
            String ref = dispatcher.dispatch(job);
            if (dispatcher.durable()) {
                // Only a durable dispatcher's acceptance outlives this process; an in-process one
                // is remembered in dispatchedHere, so recording it would be a needless write.
                lifecycle.store().markDispatched(job.id(), job.attempt(), ref, clock.millis());
            }
            log.info(
                    "job={} attempt={} dispatched{}",
                    job.id(),
                    job.attempt(),
                    ref == null ? "" : " as " + ref);
            return true;
        } catch (RuntimeException e) {
            dispatchedHere.remove(job.id(), job.attempt());
            log.warn(
                    "job={} attempt={} dispatch failed, will retry: {}",
                    job.id(),
                    job.attempt(),
                    e.getMessage());
            return false;
        }
    }

    /** How often one job's dispatched work is looked up: it costs a call to the dispatcher. */
    private long askInterval() {
        return Math.max(interval.toMillis(), 2_000);
    }

    private boolean dispatchedHereAlready(Job job) {
        Integer previous = dispatchedHere.put(job.id(), job.attempt());
        return previous != null && previous == job.attempt();
    }

    private void scanSafely() {
        try {
            scan();
        } catch (StoreUnavailableException e) {
            log.warn("supervision paused, FalkorDB unavailable: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("supervision pass failed", e);
        }
    }

    @Override
    public void close() {
        Loop.stop(loop);
    }
}
