package io.rsrch.faults;

import io.rsrch.job.Job;
import io.rsrch.job.JobFailure;
import io.rsrch.job.JobStatus;
import io.rsrch.job.JobStore;
import io.rsrch.job.Lease;
import io.rsrch.job.NewJob;
import io.rsrch.job.Report;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job store that counts how the completions presented to it ended: applied, recognised as a
 * repeat of a commit this lease already made, or neither. Everything else passes straight through.
 */
final class CommitCountingStore implements JobStore {

    private final JobStore store;
    private final AtomicInteger applied = new AtomicInteger();
    private final AtomicInteger repeated = new AtomicInteger();
    private final AtomicInteger presented = new AtomicInteger();

    CommitCountingStore(JobStore store) {
        this.store = store;
    }

    int applied() {
        return applied.get();
    }

    int repeated() {
        return repeated.get();
    }

    int presented() {
        return presented.get();
    }

    @Override
    public Optional<Job> complete(Lease lease, Report report, String capabilityPod, long now) {
        presented.incrementAndGet();
        Optional<Job> done = store.complete(lease, report, capabilityPod, now);
        if (done.isPresent()) {
            applied.incrementAndGet();
        }
        return done;
    }

    @Override
    public boolean committedBy(Lease lease, JobStatus status) {
        boolean committed = store.committedBy(lease, status);
        if (committed && status == JobStatus.COMPLETED) {
            repeated.incrementAndGet();
        }
        return committed;
    }

    @Override
    public void prepare() {
        store.prepare();
    }

    @Override
    public boolean reachable() {
        return store.reachable();
    }

    @Override
    public void onReconnect(Runnable listener) {
        store.onReconnect(listener);
    }

    @Override
    public Job create(NewJob job, long now) {
        return store.create(job, now);
    }

    @Override
    public Optional<Job> find(String id) {
        return store.find(id);
    }

    @Override
    public List<Job> list(int limit) {
        return store.list(limit);
    }

    @Override
    public List<Job> list(JobStatus status, int limit) {
        return store.list(status, limit);
    }

    @Override
    public List<Job> findByStatus(JobStatus status, int limit) {
        return store.findByStatus(status, limit);
    }

    @Override
    public List<Job> findExpiredLeases(long now, int limit) {
        return store.findExpiredLeases(now, limit);
    }

    @Override
    public int countProcessing(String pool, String namespace) {
        return store.countProcessing(pool, namespace);
    }

    @Override
    public Optional<Job> claim(
            String id, int attempt, String claimant, String token, long expiresAt, long now) {
        return store.claim(id, attempt, claimant, token, expiresAt, now);
    }

    @Override
    public Optional<String> reclaim(
            String id, int attempt, String claimant, long expiresAt, long now) {
        return store.reclaim(id, attempt, claimant, expiresAt, now);
    }

    @Override
    public boolean renew(Lease lease, long expiresAt, long now) {
        return store.renew(lease, expiresAt, now);
    }

    @Override
    public boolean markDispatched(String id, int attempt, String dispatchRef, long now) {
        return store.markDispatched(id, attempt, dispatchRef, now);
    }

    @Override
    public Optional<Job> fail(
            String id,
            int attempt,
            JobStatus expected,
            String token,
            Long leaseExpiredBefore,
            JobFailure failure,
            long now) {
        return store.fail(id, attempt, expected, token, leaseExpiredBefore, failure, now);
    }

    @Override
    public Optional<Job> requeue(
            String id,
            int attempt,
            JobStatus expected,
            String token,
            Long leaseExpiredBefore,
            JobFailure failure,
            long notBefore,
            long now) {
        return store.requeue(
                id, attempt, expected, token, leaseExpiredBefore, failure, notBefore, now);
    }

    @Override
    public Optional<Job> cancel(String id, String message, long now) {
        return store.cancel(id, message, now);
    }

    @Override
    public Optional<Report> report(String id) {
        return store.report(id);
    }

    @Override
    public int moveFinishedToHistory(int limit) {
        return store.moveFinishedToHistory(limit);
    }

    @Override
    public List<String> jobsCiting(String url) {
        return store.jobsCiting(url);
    }
}
