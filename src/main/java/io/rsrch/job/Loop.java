package io.rsrch.job;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The single daemon thread a background task of the job lifecycle runs on. */
final class Loop {

    private Loop() {}

    static ScheduledExecutorService named(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(
                runnable -> {
                    Thread thread = new Thread(runnable, threadName);
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Interrupts the task and waits a little for it to end. */
    static void stop(ScheduledExecutorService loop) {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
