package io.rsrch.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a server role running until the process is asked to stop, then closes it. */
final class Foreground {

    private Foreground() {}

    static int runUntilStopped(AutoCloseable role) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        role.close();
                                    } catch (Exception e) {
                                        System.err.println("rsrch: stopping failed: " + e);
                                    } finally {
                                        stopped.countDown();
                                    }
                                },
                                "rsrch-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
