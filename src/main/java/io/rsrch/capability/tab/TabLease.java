package io.rsrch.capability.tab;

import io.rsrch.capability.site.NavigationGuard;

import com.microsoft.playwright.Page;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Exclusive use of one tab for one call, with a fresh page. Closing it closes the page and gives
 * the tab back; closing it again does nothing.
 */
public final class TabLease implements AutoCloseable {

    private final TabPool pool;
    private final BrowserTab tab;
    private final BrowserTab.OpenPage open;
    private final AtomicBoolean released = new AtomicBoolean();

    TabLease(TabPool pool, BrowserTab tab, BrowserTab.OpenPage open) {
        this.pool = pool;
        this.tab = tab;
        this.open = open;
    }

    public int index() {
        return tab.index();
    }

    public Page page() {
        return open.page();
    }

    public NavigationGuard guard() {
        return open.guard();
    }

    /** Whether the tab's browser connection is still alive (false after a crash). */
    public boolean browserConnected() {
        return tab.connected();
    }

    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            try {
                tab.close(open);
            } finally {
                pool.release(tab);
            }
        }
    }
}
