package io.rsrch.dispatch;

import io.rsrch.job.Job;
import io.rsrch.worker.LocalWorker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs attempts on a fixed number of worker threads in this process. Its queue lives in memory;
 * that is safe because FalkorDB keeps every job, and supervision dispatches queued jobs again after
 * a restart.
 */
public final class LocalDispatcher implements Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(LocalDispatcher.class);

    private final LocalWorker worker;
    private final ExecutorService threads;

    public LocalDispatcher(LocalWorker worker, int workers) {
        this.worker = worker;
        AtomicInteger count = new AtomicInteger();
        this.threads =
                Executors.newFixedThreadPool(
                        workers,
                        runnable -> {
                            Thread thread =
                                    new Thread(runnable, "rsrch-worker-" + count.incrementAndGet());
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    @Override
    public String dispatch(Job job) {
        threads.execute(
                () -> {
                    try {
                        worker.run(job);
                    } catch (RuntimeException e) {
                        // The lease will expire and supervision retries the attempt.
                        log.warn(
                                "job={} attempt={} worker stopped: {}",
                                job.id(),
                                job.attempt(),
                                e.toString());
                    }
                });
        return null;
    }

    @Override
    public void cancel(Job job) {
        worker.abandon(job.id(), job.attempt());
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.close();
    }
}
