package io.rsrch.capability.sandbox;

/**
 * Counters the sandbox keeps to expose misuse of its pages: prompts sent, clobbers (a second prompt
 * typed into a page that already has one), and the most research pages active at once.
 */
final class SandboxStats {

    private int prompts;
    private int clobbers;
    private int maxConcurrentPages;

    synchronized void prompt() {
        prompts++;
    }

    synchronized void clobber() {
        clobbers++;
    }

    synchronized void active(int pages) {
        maxConcurrentPages = Math.max(maxConcurrentPages, pages);
    }

    synchronized void reset() {
        prompts = 0;
        clobbers = 0;
        maxConcurrentPages = 0;
    }

    synchronized Snapshot snapshot(int activePages) {
        return new Snapshot(prompts, clobbers, maxConcurrentPages, activePages);
    }

    /** The counters as {@code GET /sandbox/stats} shows them. */
    record Snapshot(int prompts, int clobbers, int maxConcurrentPages, int activePages) {}
}
