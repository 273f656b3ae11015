package io.rsrch.capability.tab;

import java.time.Instant;
import java.util.List;

/** What one tab is doing, as {@code GET /internal/tabs} shows it. */
public record TabView(int index, boolean free, String jobId, Integer attempt, Instant since) {

    /** The whole pool at one moment. */
    public record Pool(List<TabView> tabs, int busy, int total, int waiting, int maxBusy) {}
}
