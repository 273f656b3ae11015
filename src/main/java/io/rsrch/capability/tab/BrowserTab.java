package io.rsrch.capability.tab;

import io.rsrch.capability.browser.BrowserUnavailable;
import io.rsrch.capability.browser.CdpEndpoint;
import io.rsrch.capability.browser.Chromium;
import io.rsrch.capability.site.NavigationGuard;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One tab slot of the pool with its own Playwright instance and CDP connection to the shared
 * browser. Playwright objects are not thread safe, so a slot is only ever touched by the thread
 * holding its lease; the pool's lock hands it from one holder to the next.
 */
public final class BrowserTab {

    private static final Logger log = LoggerFactory.getLogger(BrowserTab.class);

    private final int index;
    private final Chromium chromium;
    private final Path storageState;
    private final List<String> allowedHosts;

    private Playwright playwright;
    private Browser browser;
    private long generation = -1;

    BrowserTab(int index, Chromium chromium, Path storageState, List<String> allowedHosts) {
        this.index = index;
        this.chromium = chromium;
        this.storageState = storageState;
        this.allowedHosts = allowedHosts;
    }

    public int index() {
        return index;
    }

    /** Whether this slot's connection is still attached to the live browser. */
    boolean connected() {
        return browser != null && browser.isConnected() && chromium.isCurrent(generation);
    }

    /**
     * Opens a fresh page, guarded to the allowed hosts, reconnecting first if needed. A browser
     * that died a moment ago may still look connected, so a failed first try reconnects (and so
     * relaunches) once before giving up. A slot of a pool without a browser opens no page.
     */
    OpenPage open() {
        if (chromium == null) {
            return new OpenPage(null, null, null);
        }
        connect();
        try {
            return openPage();
        } catch (PlaywrightException first) {
            log.warn(
                    "tab {} could not open a page ({}); reconnecting once",
                    index,
                    first.getMessage());
            disconnect();
            connect();
            try {
                return openPage();
            } catch (PlaywrightException second) {
                disconnect();
                throw new BrowserUnavailable(
                        "tab "
                                + index
                                + " cannot open a page in the browser: "
                                + second.getMessage(),
                        second);
            }
        }
    }

    private OpenPage openPage() {
        BrowserContext context;
        boolean ownsContext;
        if (chromium.usesDefaultContext() && !browser.contexts().isEmpty()) {
            context = browser.contexts().get(0);
            ownsContext = false;
        } else {
            Browser.NewContextOptions options =
                    new Browser.NewContextOptions()
                            .setViewportSize(1280, 900)
                            .setServiceWorkers(ServiceWorkerPolicy.BLOCK);
            if (storageState != null) {
                options.setStorageStatePath(storageState);
            }
            context = browser.newContext(options);
            ownsContext = true;
        }
        try {
            NavigationGuard guard = new NavigationGuard(allowedHosts);
            if (ownsContext) {
                // Guarding the whole context before its page opens saves the page a round trip.
                guard.watch(context);
            }
            Page page = context.newPage();
            page.setDefaultTimeout(15_000);
            page.setDefaultNavigationTimeout(30_000);
            if (ownsContext) {
                guard.reportFor(page);
            } else {
                // A shared (signed-in profile) context holds other calls' pages: guard this one.
                guard.watch(page);
            }
            return new OpenPage(page, ownsContext ? context : null, guard);
        } catch (PlaywrightException e) {
            if (ownsContext) {
                closeQuietly(context::close);
            }
            throw e;
        }
    }

    /**
     * Closes a page opened by {@link #open()}; never throws, a dead browser has closed it already.
     */
    void close(OpenPage open) {
        if (open.page() != null) {
            closeQuietly(() -> open.page().close());
        }
        if (open.ownContext() != null) {
            closeQuietly(() -> open.ownContext().close());
        }
    }

    private void connect() {
        if (connected()) {
            return;
        }
        disconnect();
        CdpEndpoint endpoint = chromium.endpoint();
        try {
            if (playwright == null) {
                // Playwright must never try to download a browser: this machine has no route out.
                playwright =
                        Playwright.create(
                                new Playwright.CreateOptions()
                                        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            }
            browser =
                    playwright
                            .chromium()
                            .connectOverCDP(
                                    endpoint.url(),
                                    new BrowserType.ConnectOverCDPOptions().setTimeout(30_000));
            generation = endpoint.generation();
            log.debug("tab {} connected to browser generation {}", index, generation);
        } catch (PlaywrightException e) {
            // A broken Playwright driver must not poison the slot: start afresh next time.
            shutdown();
            throw new BrowserUnavailable(
                    "tab " + index + " cannot connect to the browser: " + e.getMessage(), e);
        }
    }

    private void disconnect() {
        if (browser != null) {
            Browser old = browser;
            browser = null;
            // For a CDP connection close() only disconnects; it never stops the browser.
            closeQuietly(old::close);
        }
    }

    /** Drops the connection and the Playwright driver; the slot reconnects on its next use. */
    void shutdown() {
        disconnect();
        if (playwright != null) {
            Playwright old = playwright;
            playwright = null;
            closeQuietly(old::close);
        }
    }

    private static void closeQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.debug("closing browser objects: {}", e.getMessage());
        }
    }

    /** A page open in this tab for one lease, with the context it owns (if any) and its guard. */
    record OpenPage(Page page, BrowserContext ownContext, NavigationGuard guard) {}
}
