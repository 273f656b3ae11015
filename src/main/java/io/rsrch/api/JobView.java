package io.rsrch.api;

import io.rsrch.job.Job;
import io.rsrch.job.Report;
import io.rsrch.job.Source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes legacy clients parse: jobs with epoch-millisecond times and the status words
 * {@code queued}, {@code running}, {@code completed}, {@code failed}, {@code cancelled}.
 */
final class JobView {

    private JobView() {}

    static Map<String, Object> job(Job job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("type", job.type() == null ? null : job.type().wireName());
        view.put("status", job.status().legacyName());
        view.put("attempt", job.attempt());
        view.put("maxAttempts", job.maxAttempts());
        view.put("query", job.query());
        view.put("gem", job.params().get("gem"));
        view.put("sessionId", job.sessionId());
        view.put("createdAt", job.createdAt());
        view.put("startedAt", job.startedAt());
        view.put("completedAt", job.completedAt());
        view.put("updatedAt", job.updatedAt());
        if (job.failure() != null && job.status().isFinal()) {
            view.put("reason", job.failure().reason().wireName());
            view.put("error", job.failure().message());
        } else if (job.failure() != null) {
            // A job running again after a failed attempt has not failed: clients that read
            // "error" as the end of a job must not see one, but the earlier failure stays visible.
            Map<String, Object> previous = new LinkedHashMap<>();
            previous.put("attempt", job.attempt() - 1);
            previous.put("reason", job.failure().reason().wireName());
            previous.put("error", job.failure().message());
            view.put("previousAttempt", previous);
        }
        if (job.reportTitle() != null) {
            view.put("reportTitle", job.reportTitle());
            view.put("sourceCount", job.sourceCount());
        }
        return view;
    }

    static Map<String, Object> status(Job job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("success", true);
        view.put("jobId", job.id());
        view.putAll(job(job));
        view.remove("id");
        return view;
    }

    static Map<String, Object> report(Report report) {
        List<Map<String, Object>> sources = new ArrayList<>();
        for (Source source : report.sources()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("url", source.url());
            entry.put("title", source.title());
            sources.add(entry);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("title", report.title());
        view.put("markdown", report.markdown());
        view.put("sources", sources);
        view.put("durationMs", report.durationMs());
        return view;
    }
}
