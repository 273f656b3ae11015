package io.rsrch.capability.call;

import io.rsrch.job.Report;

/** A finished report and the tab that produced it. */
public record CallResult(Report report, int tab) {}
