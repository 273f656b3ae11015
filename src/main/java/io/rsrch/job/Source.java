package io.rsrch.job;

/** A page a report cites: its address and the title shown for it. */
public record Source(String url, String title) {}
