package io.rsrch.capability.site;

import io.rsrch.job.FailureReason;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Keeps a page on its site: every request to a host outside the allowed list is aborted, and a
 * main-frame navigation outside it is remembered so the call fails instead of working on a foreign
 * page.
 */
public final class NavigationGuard {

    private static final Logger log = LoggerFactory.getLogger(NavigationGuard.class);

    private final List<String> allowedHosts;
    private volatile String refusedHost;
    private volatile Frame callFrame;

    public NavigationGuard(List<String> allowedHosts) {
        this.allowedHosts =
                allowedHosts.stream().map(host -> host.toLowerCase(Locale.ROOT).strip()).toList();
    }

    /**
     * Routes every request of the page through this guard.
     *
     * <p>Limitation: Playwright's page routing does not see WebSocket connections, so a page could
     * still open a WebSocket to another host; it matters only if a site's own script does that, and
     * neither Gemini's app nor the sandbox needs it for the research flow.
     */
    public void watch(Page page) {
        reportFor(page);
        page.route("**/*", this::decide);
    }

    /**
     * Routes every request of a context of the call's own through this guard. Set up before the
     * context's first page opens, the page starts guarded without a round trip to the browser of
     * its own, and pages the site opens itself (pop-ups) are held to the same hosts. Call {@link
     * #reportFor} with the call's page once it is open.
     */
    public void watch(BrowserContext context) {
        context.route("**/*", this::decide);
    }

    /**
     * Names the page the call works on: only a refused main-frame navigation of that page fails the
     * call; other pages' refused requests are aborted and nothing more.
     */
    public void reportFor(Page page) {
        this.callFrame = page.mainFrame();
    }

    /** Whether a URL's host may be loaded. Non-network schemes (data, blob, about) always may. */
    public boolean allows(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https", "ws", "wss").contains(scheme)) {
            return true;
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : Site.defaultPort(scheme);
        for (String allowed : allowedHosts) {
            if (allowed.equals(host + ":" + port)) {
                return true;
            }
            if (!allowed.contains(":") && (host.equals(allowed) || host.endsWith("." + allowed))) {
                return true;
            }
        }
        return false;
    }

    /** Fails the call if the page tried to leave its site. */
    public void check() {
        String host = refusedHost;
        if (host != null) {
            throw refused(host);
        }
    }

    /** The failure for a refused navigation to the given host. */
    public static SiteFailure refused(String host) {
        return new SiteFailure(
                FailureReason.SITE_ERROR,
                "navigation to "
                        + host
                        + " refused: it is not an allowed host of this site; add it to the"
                        + " pool's allowedHosts (RSRCH_ALLOWED_HOSTS for one capability) if the"
                        + " site really needs it");
    }

    public String refusedHost() {
        return refusedHost;
    }

    private void decide(Route route) {
        Request request = route.request();
        String url = request.url();
        try {
            if (allows(url)) {
                route.resume();
                return;
            }
            String host = hostOf(url);
            if (request.isNavigationRequest() && isCallPageMainFrame(request)) {
                refusedHost = host;
                log.warn("refused main-frame navigation to host {}", host);
            } else {
                log.debug("aborted request to host {}", host);
            }
            route.abort("blockedbyclient");
        } catch (PlaywrightException e) {
            // The page may be closing while a request is still routed; nothing is left to guard.
            log.debug("route for {} ended with the page: {}", hostOf(url), e.getMessage());
        }
    }

    /**
     * Whether the request is a navigation of the call page's main frame. A pop-up's first request
     * may come before Playwright knows its frame, so a frame that cannot be told is not the call's.
     */
    private boolean isCallPageMainFrame(Request request) {
        Frame callFrame = this.callFrame;
        if (callFrame == null) {
            return false;
        }
        try {
            return request.frame() == callFrame;
        } catch (PlaywrightException e) {
            return false;
        }
    }

    static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? url : host;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
