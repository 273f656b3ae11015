package io.rsrch.capability.site;

/**
 * The selectors of Gemini's Deep Research page contract, kept in one place. They follow Gemini's
 * web app (its {@code rich-textarea} prompt box, Tools drawer, research plan and immersive report
 * panel); the sandbox site renders the same elements so the same adapter drives both. When Gemini
 * changes its page, this is the class to update.
 *
 * <p>Limitation: these selectors were written from Gemini's page structure but could not be checked
 * against the live site from the build machines (no route to Google); the first run against a
 * signed-in profile may need them adjusted, while the sandbox keeps them honest for everything
 * else.
 */
final class GeminiPage {

    /** The contenteditable prompt box inside Gemini's Quill-based {@code rich-textarea}. */
    static final String PROMPT_BOX = "rich-textarea .ql-editor[contenteditable='true']";

    static final String SEND_BUTTON = "button[aria-label='Send message']";

    /** The Tools button that opens the tool drawer menu. */
    static final String TOOLS_BUTTON = "toolbox-drawer button.toolbox-drawer-button";

    static final String TOOLS_MENU = "[role='menu'].toolbox-drawer-menu";

    static final String DEEP_RESEARCH_ITEM =
            "[role='menu'] [role='menuitemcheckbox']:has-text('Deep Research')";

    /** The chip shown next to the prompt box while Deep Research is the selected tool. */
    static final String DEEP_RESEARCH_SELECTED =
            "button.toolbox-drawer-item-deselect-button:has-text('Deep Research')";

    /** The confirmation button under the research plan. */
    static final String START_RESEARCH = "button:has-text('Start research')";

    static final String REPORT_PANEL = "deep-research-immersive-panel";

    /** The panel says the report is finished; nothing else counts as finished. */
    static final String REPORT_COMPLETE =
            "deep-research-immersive-panel[data-research-state='complete']";

    static final String REPORT_CONTENT = "deep-research-immersive-panel .markdown";

    /** Plain CSS (no Playwright extensions): the page probe runs it with querySelector. */
    static final String SIGN_IN =
            "a[href*='accounts.google.com/ServiceLogin'], a[href*='accounts.google.com/v3/signin'],"
                    + " a[aria-label='Sign in']";

    /** Plain CSS: an error message the app shows instead of an answer. */
    static final String ERROR = ".error-message[role='alert']";

    static final String SIGN_IN_HOST = "accounts.google.com";

    /** Returns {signIn, error} for the current page in one round trip. */
    static final String PROBE_SCRIPT =
            """
            ([signIn, error]) => {
              const alert = document.querySelector(error);
              return {
                signIn: document.querySelector(signIn) !== null,
                error: alert ? (alert.textContent || '').trim() : null
              };
            }""";

    /** Serializes the report content to a plain tree the Java side turns into Markdown. */
    static final String REPORT_TREE_SCRIPT =
            """
            (root) => {
              const walk = (node) => {
                if (node.nodeType === Node.TEXT_NODE) return { text: node.nodeValue };
                if (node.nodeType !== Node.ELEMENT_NODE) return null;
                const tag = node.tagName.toLowerCase();
                const href = tag === 'a' && node.hasAttribute('href') ? node.href : null;
                const children = [];
                for (const child of node.childNodes) {
                  const converted = walk(child);
                  if (converted) children.push(converted);
                }
                return { tag, href, children };
              };
              return walk(root);
            }""";

    /** Lists the report's links as {url, title}, in page order. */
    static final String SOURCES_SCRIPT =
            """
            (root) => Array.from(root.querySelectorAll('a[href]'))
              .filter(a => a.href.startsWith('http://') || a.href.startsWith('https://'))
              .map(a => ({ url: a.href, title: (a.getAttribute('title') || a.textContent || '').trim() }))
            """;

    private GeminiPage() {}
}
