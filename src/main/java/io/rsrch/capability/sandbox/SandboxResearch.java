package io.rsrch.capability.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One research a sandbox page asked for: planned when the prompt is sent, running once the plan is
 * confirmed, then finished with a report or an error after its delay. The page's polls double as
 * its heartbeat, so a closed page stops counting as active.
 */
final class SandboxResearch {

    /** A page that has not polled for this long is gone. */
    static final Duration HEARTBEAT = Duration.ofMillis(1500);

    final String id;
    final String pageId;
    final String prompt;
    final SandboxDirectives directives;
    private long startedNanos;
    private long lastSeenNanos;
    private boolean finished;

    SandboxResearch(String id, String pageId, String prompt, SandboxDirectives directives) {
        this.id = id;
        this.pageId = pageId;
        this.prompt = prompt;
        this.directives = directives;
        this.lastSeenNanos = System.nanoTime();
    }

    synchronized void start() {
        if (startedNanos == 0) {
            startedNanos = System.nanoTime();
        }
        lastSeenNanos = System.nanoTime();
    }

    synchronized boolean active() {
        return startedNanos != 0
                && !finished
                && System.nanoTime() - lastSeenNanos < HEARTBEAT.toNanos();
    }

    /** The state the page shows now; reading it counts as the page's heartbeat. */
    synchronized Map<String, Object> poll() {
        lastSeenNanos = System.nanoTime();
        Map<String, Object> state = new LinkedHashMap<>();
        if (startedNanos == 0) {
            state.put("state", "planned");
            return state;
        }
        long delay = Math.max(1, directives.delay().toNanos());
        long elapsed = System.nanoTime() - startedNanos;
        if (directives.neverFinish() || elapsed < delay) {
            long percent = directives.neverFinish() ? 50 : Math.min(99, elapsed * 100 / delay);
            state.put("state", "running");
            state.put("progress", percent);
            return state;
        }
        finished = true;
        if (directives.error() != null) {
            state.put("state", "error");
            state.put("message", directives.error());
            return state;
        }
        state.put("state", "done");
        state.put("report", SandboxReport.of(prompt));
        return state;
    }
}
