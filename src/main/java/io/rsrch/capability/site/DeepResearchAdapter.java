package io.rsrch.capability.site;

import io.rsrch.capability.call.CallSignal;
import io.rsrch.job.FailureReason;
import io.rsrch.job.Report;
import io.rsrch.job.Source;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.WaitUntilState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Drives Gemini's Deep Research flow in one page: new chat, optional gem, Deep Research tool,
 * prompt, plan confirmation, wait for the finished report, extraction. The same code runs against
 * Gemini and the sandbox. Every failure is thrown as a {@link SiteFailure}; it never returns a
 * partial or plain-chat answer.
 */
public final class DeepResearchAdapter implements SiteAdapter {

    private static final Logger log = LoggerFactory.getLogger(DeepResearchAdapter.class);

    /** Short enough that a cancelled call lets go of its tab quickly. */
    private static final Duration POLL = Duration.ofMillis(150);

    /**
     * How long a single page step (menu opening, plan appearing) may take before it counts as
     * absent.
     */
    private static final Duration STEP_WAIT = Duration.ofSeconds(20);

    private final Site site;

    public DeepResearchAdapter(Site site) {
        this.site = site;
    }

    public Site site() {
        return site;
    }

    /**
     * Runs one Deep Research in the given fresh page and returns the finished report.
     *
     * @throws SiteFailure for every way the research can fail
     */
    @Override
    public Report research(
            Page page, NavigationGuard guard, CallSignal signal, String query, String gem) {
        long started = System.nanoTime();
        Flow flow = new Flow(page, guard, signal);

        flow.open(gem == null || gem.isBlank() ? site.appUrl() : site.gemUrl(gem));
        Locator promptBox = flow.waitVisible(GeminiPage.PROMPT_BOX, "the prompt box");
        promptBox.click();
        promptBox.fill(query);
        flow.enableDeepResearch();
        flow.click(GeminiPage.SEND_BUTTON, "the send button");

        flow.waitVisible(GeminiPage.START_RESEARCH, "the research plan");
        flow.click(GeminiPage.START_RESEARCH, "the Start research button");
        flow.waitForCompleteReport();

        Report report = flow.extract(Duration.ofNanos(System.nanoTime() - started).toMillis());
        log.info(
                "site={} report extracted: {} chars, {} sources",
                site.name(),
                report.markdown().length(),
                report.sources().size());
        return report;
    }

    /** One run of the flow in one page; holds the page, its guard and the call's signal. */
    private final class Flow {
        private final Page page;
        private final NavigationGuard guard;
        private final CallSignal signal;

        Flow(Page page, NavigationGuard guard, CallSignal signal) {
            this.page = page;
            this.guard = guard;
            this.signal = signal;
        }

        void open(String url) {
            signal.check();
            try {
                page.navigate(
                        url,
                        new Page.NavigateOptions().setWaitUntil(WaitUntilState.DOMCONTENTLOADED));
            } catch (PlaywrightException e) {
                guard.check();
                throw new SiteFailure(
                        FailureReason.SITE_ERROR,
                        "could not open " + url + ": " + firstLine(e.getMessage()),
                        e);
            }
            probe();
        }

        void enableDeepResearch() {
            Locator tools = page.locator(GeminiPage.TOOLS_BUTTON);
            if (tools.count() == 0) {
                throw unavailable("the page has no Tools button");
            }
            tools.first().click();
            boolean menuOpened =
                    waitUntil(() -> page.locator(GeminiPage.TOOLS_MENU).isVisible(), STEP_WAIT);
            if (!menuOpened) {
                throw unavailable("the Tools menu did not open");
            }
            Locator item = page.locator(GeminiPage.DEEP_RESEARCH_ITEM);
            if (item.count() == 0) {
                throw unavailable("the Tools menu has no Deep Research item");
            }
            item.first().click();
            boolean selected =
                    waitUntil(
                            () -> page.locator(GeminiPage.DEEP_RESEARCH_SELECTED).isVisible(),
                            STEP_WAIT);
            if (!selected) {
                throw unavailable("Deep Research could not be switched on");
            }
        }

        Locator waitVisible(String selector, String what) {
            Locator locator = page.locator(selector).first();
            if (!waitUntil(locator::isVisible, STEP_WAIT)) {
                throw new SiteFailure(
                        FailureReason.SITE_ERROR,
                        what
                                + " did not appear on "
                                + page.url()
                                + "; the site's page may have changed (see GeminiPage)");
            }
            return locator;
        }

        void click(String selector, String what) {
            signal.check();
            try {
                page.locator(selector).first().click(new Locator.ClickOptions().setTimeout(10_000));
            } catch (PlaywrightException e) {
                probe();
                throw new SiteFailure(
                        FailureReason.SITE_ERROR,
                        "could not click " + what + ": " + firstLine(e.getMessage()),
                        e);
            }
        }

        void waitForCompleteReport() {
            // Only the call's deadline bounds this wait: research legitimately takes many minutes.
            waitUntil(() -> page.locator(GeminiPage.REPORT_COMPLETE).count() > 0, null);
        }

        Report extract(long durationMs) {
            Locator content = page.locator(GeminiPage.REPORT_CONTENT).first();
            if (content.count() == 0) {
                throw new SiteFailure(
                        FailureReason.SITE_ERROR,
                        "the report was marked complete but has no content; see GeminiPage");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> tree =
                    (Map<String, Object>) content.evaluate(GeminiPage.REPORT_TREE_SCRIPT);
            String markdown = ReportMarkdown.of(tree);
            Locator heading = content.locator("h1").first();
            String title =
                    heading.count() > 0 ? heading.textContent().strip() : "Deep Research report";
            return new Report(title, markdown, sources(content), durationMs);
        }

        private List<Source> sources(Locator content) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> links =
                    (List<Map<String, Object>>) content.evaluate(GeminiPage.SOURCES_SCRIPT);
            Map<String, String> byUrl = new LinkedHashMap<>();
            for (Map<String, Object> link : links) {
                String url = (String) link.get("url");
                String title = (String) link.get("title");
                String known = byUrl.get(url);
                if (known == null || known.isBlank()) {
                    byUrl.put(url, title == null ? "" : title);
                }
            }
            List<Source> sources = new ArrayList<>();
            byUrl.forEach((url, title) -> sources.add(new Source(url, title)));
            return sources;
        }

        /**
         * Polls until the condition holds, failing on cancellation, deadline, refused navigation, a
         * sign-in page or a site error. Returns false if {@code within} passed first.
         */
        private boolean waitUntil(BooleanSupplier condition, Duration within) {
            long until = within == null ? Long.MAX_VALUE : System.nanoTime() + within.toNanos();
            while (true) {
                probe();
                if (condition.getAsBoolean()) {
                    return true;
                }
                if (System.nanoTime() > until) {
                    return false;
                }
                // waitForTimeout, unlike Thread.sleep, lets Playwright dispatch route handlers.
                page.waitForTimeout(POLL.toMillis());
            }
        }

        /** Fails the call if it must stop or the page shows sign-in, an error or a foreign host. */
        private void probe() {
            signal.check();
            guard.check();
            if (GeminiPage.SIGN_IN_HOST.equals(NavigationGuard.hostOf(page.url()))) {
                throw signInRequired();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> state =
                    (Map<String, Object>)
                            page.evaluate(
                                    GeminiPage.PROBE_SCRIPT,
                                    List.of(GeminiPage.SIGN_IN, GeminiPage.ERROR));
            if (Boolean.TRUE.equals(state.get("signIn"))) {
                throw signInRequired();
            }
            Object error = state.get("error");
            if (error != null) {
                throw new SiteFailure(
                        FailureReason.SITE_ERROR, "the site showed an error: " + error);
            }
        }
    }

    private static SiteFailure signInRequired() {
        return new SiteFailure(
                FailureReason.AUTH_REQUIRED,
                "the browser profile is not signed in to Gemini; sign in once and point"
                        + " RSRCH_BROWSER_PROFILE or RSRCH_STORAGE_STATE at that state");
    }

    private static SiteFailure unavailable(String what) {
        return new SiteFailure(
                FailureReason.DEEP_RESEARCH_UNAVAILABLE,
                what
                        + "; Deep Research is not available to this account or the page changed."
                        + " The attempt fails rather than running a plain chat");
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
