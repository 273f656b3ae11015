package io.rsrch.capability.tab;

import io.rsrch.capability.browser.Chromium;
import io.rsrch.capability.call.CallSignal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of browser tabs, each leased to one call at a time. Taking a tab and marking it busy
 * is one step under one lock, and who holds which tab lives here in Java, never in a page. Calls
 * that find no free tab wait in a bounded first-come-first-served queue; a freed tab is handed
 * straight to the longest waiter.
 */
public final class TabPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TabPool.class);

    /** A waiter wakes this often to notice cancellation without needing an interrupt. */
    private static final long WAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final List<BrowserTab> tabs;
    private final int queueLimit;
    private final Duration queueWait;

    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition changed = lock.newCondition();
    private final Deque<BrowserTab> free = new ArrayDeque<>();
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private final TabView[] holders;
    private int maxBusy;

    public TabPool(
            Chromium chromium,
            int size,
            int queueLimit,
            Duration queueWait,
            Path storageState,
            List<String> allowedHosts) {
        List<BrowserTab> created = new ArrayList<>();
        for (int index = 0; index < size; index++) {
            created.add(new BrowserTab(index, chromium, storageState, allowedHosts));
        }
        this.tabs = List.copyOf(created);
        this.queueLimit = queueLimit;
        this.queueWait = queueWait;
        this.holders = new TabView[size];
        free.addAll(tabs);
    }

    /**
     * A pool with the same cap and queue whose leases open no page, for a site that needs no
     * browser (the benchmark's {@code instant} site): its leases answer a null page.
     */
    public static TabPool withoutBrowser(int size, int queueLimit, Duration queueWait) {
        return new TabPool(null, size, queueLimit, queueWait, null, List.of());
    }

    /**
     * Takes a tab for the given call, waiting in the queue if none is free, and opens a fresh page
     * in it.
     *
     * @throws TabsBusy if the queue is full or the wait ran out
     * @throws io.rsrch.capability.site.SiteFailure if the call was cancelled or timed out while
     *     waiting, or the browser cannot be reached
     */
    public TabLease lease(String jobId, int attempt, CallSignal signal) {
        BrowserTab tab = take(new TabView(-1, false, jobId, attempt, Instant.now()), signal);
        try {
            return new TabLease(this, tab, tab.open());
        } catch (RuntimeException e) {
            release(tab);
            throw e;
        }
    }

    private BrowserTab take(TabView holder, CallSignal signal) {
        lock.lock();
        try {
            if (waiters.isEmpty() && !free.isEmpty()) {
                return hold(free.pop(), holder);
            }
            if (waiters.size() >= queueLimit) {
                throw new TabsBusy(
                        "all "
                                + tabs.size()
                                + " tabs are busy and "
                                + waiters.size()
                                + " calls are already waiting; retry later",
                        retryAfter());
            }
            Waiter waiter = new Waiter(holder);
            waiters.addLast(waiter);
            long until =
                    System.nanoTime() + Math.min(queueWait.toNanos(), signal.remaining().toNanos());
            try {
                while (waiter.tab == null && !signal.cancelled() && System.nanoTime() < until) {
                    changed.awaitNanos(Math.min(WAKE_NANOS, until - System.nanoTime()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (waiter.tab != null) {
                return waiter.tab;
            }
            waiters.remove(waiter);
            signal.check();
            throw new TabsBusy(
                    "no tab became free within " + queueWait.toMillis() + " ms; retry later",
                    retryAfter());
        } finally {
            lock.unlock();
        }
    }

    /** Gives a tab back: to the longest waiter if there is one, else to the free set. */
    void release(BrowserTab tab) {
        lock.lock();
        try {
            holders[tab.index()] = null;
            Waiter next = waiters.pollFirst();
            if (next != null) {
                next.tab = hold(tab, next.holder);
            } else {
                free.push(tab);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private BrowserTab hold(BrowserTab tab, TabView holder) {
        holders[tab.index()] =
                new TabView(tab.index(), false, holder.jobId(), holder.attempt(), Instant.now());
        maxBusy = Math.max(maxBusy, busyLocked());
        log.debug(
                "tab {} leased to job={} attempt={}",
                tab.index(),
                holder.jobId(),
                holder.attempt());
        return tab;
    }

    private int busyLocked() {
        int busy = 0;
        for (TabView holder : holders) {
            if (holder != null) {
                busy++;
            }
        }
        return busy;
    }

    /** Suggests a wait of about one queue wait, at least a second. */
    private Duration retryAfter() {
        return queueWait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : queueWait;
    }

    /** The pool's state at this moment. */
    public TabView.Pool view() {
        lock.lock();
        try {
            List<TabView> views = new ArrayList<>();
            for (BrowserTab tab : tabs) {
                TabView holder = holders[tab.index()];
                views.add(
                        holder != null ? holder : new TabView(tab.index(), true, null, null, null));
            }
            return new TabView.Pool(views, busyLocked(), tabs.size(), waiters.size(), maxBusy);
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        return tabs.size();
    }

    /** Closes every tab's Playwright driver; call only after all leases are released. */
    @Override
    public void close() {
        tabs.forEach(BrowserTab::shutdown);
    }

    /** A call waiting in the queue; the releasing thread hands it a tab directly. */
    private static final class Waiter {
        final TabView holder;
        BrowserTab tab;

        Waiter(TabView holder) {
            this.holder = holder;
        }
    }
}
