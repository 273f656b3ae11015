package io.rsrch.bench;

import io.rsrch.capability.CapabilityConfig;
import io.rsrch.capability.CapabilityServer;
import io.rsrch.capability.browser.LaunchedChromium;
import io.rsrch.capability.call.CallSignal;
import io.rsrch.capability.tab.TabLease;
import io.rsrch.capability.tab.TabPool;
import io.rsrch.worker.CapabilityAnswer;
import io.rsrch.worker.CapabilityCallException;
import io.rsrch.worker.CapabilityClient;
import io.rsrch.worker.ResearchCall;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the real capability with headless Chromium on the sandbox site told to finish at once:
 * research calls per second per tab, and how long a {@link TabPool} lease takes beside a bare
 * Playwright {@code newPage} on the same browser.
 */
final class BrowserBench {

    /** The sandbox directive that makes research finish on the page's first progress poll. */
    static final String NO_DELAY = "[sandbox delay=0s]";

    private static final int WARM_UP_CALLS = 4;
    private static final int WARM_UP_PAGES = 5;

    /** Calls per second through the capability, and lease beside bare page times. */
    record Result(
            int tabs,
            int calls,
            double seconds,
            Percentiles call,
            Percentiles lease,
            Percentiles newPage) {

        double callsPerSecondPerTab() {
            return calls / seconds / tabs;
        }
    }

    private final Path chromiumPath;
    private final int tabs;
    private final int calls;
    private final int pages;

    BrowserBench(Path chromiumPath, int tabs, int calls, int pages) {
        this.chromiumPath = chromiumPath;
        this.tabs = tabs;
        this.calls = calls;
        this.pages = pages;
    }

    Result run() throws Exception {
        List<Double> callTimes = new ArrayList<>();
        double seconds = researchCalls(callTimes);
        System.out.printf(
                "  %d calls on %d tabs in %.2f s: %s%n",
                calls, tabs, seconds, Percentiles.of(callTimes).describe());
        List<Double> leases = new ArrayList<>();
        List<Double> newPages = new ArrayList<>();
        pageTimes(leases, newPages);
        return new Result(
                tabs,
                calls,
                seconds,
                Percentiles.of(callTimes),
                Percentiles.of(leases),
                Percentiles.of(newPages));
    }

    /** Runs the calls through a real capability, one caller per tab; answers the seconds taken. */
    private double researchCalls(List<Double> times) throws Exception {
        String token = UUID.randomUUID().toString();
        CapabilityConfig config =
                CapabilityConfig.defaults(token, "sandbox")
                        .withPort(0)
                        .withTabs(tabs)
                        .withChromiumPath(chromiumPath)
                        .withPodName("bench-browser");
        try (CapabilityServer capability = CapabilityServer.start(config)) {
            CapabilityClient client =
                    new CapabilityClient("http://127.0.0.1:" + capability.port(), token);
            callInParallel(
                    client, "warm", WARM_UP_CALLS, Collections.synchronizedList(new ArrayList<>()));
            long start = System.nanoTime();
            callInParallel(client, "measured", calls, times);
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private void callInParallel(
            CapabilityClient client, String phase, int count, List<Double> times) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(tabs);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < tabs; c++) {
                running.add(
                        callers.submit(
                                () -> {
                                    for (int n = next.getAndIncrement();
                                            n < count;
                                            n = next.getAndIncrement()) {
                                        times.add(call(client, phase, n));
                                    }
                                    return null;
                                }));
            }
            for (Future<?> caller : running) {
                caller.get(5, TimeUnit.MINUTES);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private static double call(CapabilityClient client, String phase, int n)
            throws CapabilityCallException {
        String jobId = "bench-browser-" + phase + "-" + n;
        ResearchCall call =
                new ResearchCall(
                        jobId,
                        1,
                        NO_DELAY + " bench browser call " + phase + " " + n,
                        null,
                        null,
                        Duration.ofSeconds(60));
        long start = System.nanoTime();
        CapabilityAnswer answer = client.performDeepResearch(call);
        double millis = (System.nanoTime() - start) / 1e6;
        if (answer.report().sources().isEmpty()) {
            throw new IllegalStateException("the sandbox answered " + jobId + " without sources");
        }
        return millis;
    }

    /**
     * Alternates a pool lease (fresh context and guarded page) with a bare {@code newPage} (a fresh
     * context and page too) on one launched browser, timing each open; closing is not timed.
     */
    private void pageTimes(List<Double> leases, List<Double> newPages) {
        LaunchedChromium chromium = LaunchedChromium.start(chromiumPath, null);
        TabPool pool = new TabPool(chromium, 1, 2, Duration.ofSeconds(30), null, List.of());
        Playwright playwright =
                Playwright.create(
                        new Playwright.CreateOptions()
                                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser =
                    playwright
                            .chromium()
                            .connectOverCDP(
                                    chromium.endpoint().url(),
                                    new BrowserType.ConnectOverCDPOptions().setTimeout(30_000));
            for (int n = 0; n < WARM_UP_PAGES + pages; n++) {
                boolean leaseFirst = n % 2 == 0;
                double lease = 0;
                double bare = 0;
                if (leaseFirst) {
                    lease = lease(pool, n);
                    bare = newPage(browser);
                } else {
                    bare = newPage(browser);
                    lease = lease(pool, n);
                }
                if (n >= WARM_UP_PAGES) {
                    leases.add(lease);
                    newPages.add(bare);
                }
            }
        } finally {
            playwright.close();
            pool.close();
            chromium.close();
        }
    }

    private static double lease(TabPool pool, int n) {
        long start = System.nanoTime();
        TabLease lease = pool.lease("bench-lease-" + n, 1, new CallSignal(Duration.ofSeconds(30)));
        double millis = (System.nanoTime() - start) / 1e6;
        lease.close();
        return millis;
    }

    private static double newPage(Browser browser) {
        long start = System.nanoTime();
        Page page = browser.newPage();
        double millis = (System.nanoTime() - start) / 1e6;
        page.close();
        return millis;
    }
}
