package io.rsrch.worker;

import io.rsrch.job.Report;

/** A capability's finished research: the report and the pod that produced it. */
public record CapabilityAnswer(Report report, String pod) {}
