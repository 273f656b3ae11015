package io.rsrch.faults;

import io.rsrch.testing.Http;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads the busy tabs of several capabilities every 20 ms in the background and keeps the largest
 * total seen. A capability that does not answer counts as none busy: it holds no tab then.
 */
final class TabSampler implements AutoCloseable {

    private final List<Http> capabilities;
    private final AtomicInteger maxTotal = new AtomicInteger();
    private final AtomicInteger samples = new AtomicInteger();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "tab-sampler");
                        thread.setDaemon(true);
                        return thread;
                    });

    private TabSampler(List<Http> capabilities) {
        this.capabilities = capabilities;
    }

    /** Starts sampling the given capabilities' {@code GET /internal/tabs}. */
    static TabSampler start(List<Http> capabilities) {
        TabSampler sampler = new TabSampler(capabilities);
        sampler.timer.scheduleWithFixedDelay(sampler::sample, 0, 20, TimeUnit.MILLISECONDS);
        return sampler;
    }

    /** The most tabs found busy at once, summed over the capabilities. */
    int maxTotal() {
        return maxTotal.get();
    }

    int samples() {
        return samples.get();
    }

    private void sample() {
        int total = 0;
        for (Http capability : capabilities) {
            try {
                total += capability.get("/internal/tabs").body().path("busy").asInt();
            } catch (RuntimeException gone) {
                // A capability that was shut down holds no tab.
            }
        }
        maxTotal.accumulateAndGet(total, Math::max);
        samples.incrementAndGet();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
