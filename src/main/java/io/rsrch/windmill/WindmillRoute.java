package io.rsrch.windmill;

import java.util.List;

/**
 * Every Windmill API route rsrch calls, spelled as in Windmill's generated client (npm {@code
 * windmill-client}, {@code dist/services.gen.mjs}): method, path template relative to {@code /api},
 * and the query parameters used. A contract test checks each against that package.
 */
public enum WindmillRoute {
    RUN_SCRIPT_BY_PATH("POST", "/w/{workspace}/jobs/run/p/{path}", List.of("job_id", "tag")),
    GET_JOB("GET", "/w/{workspace}/jobs_u/get/{id}", List.of("no_logs")),
    GET_RESULT_MAYBE("GET", "/w/{workspace}/jobs_u/completed/get_result_maybe/{id}", List.of()),
    CANCEL_QUEUED_JOB("POST", "/w/{workspace}/jobs_u/queue/cancel/{id}", List.of()),
    LIST_JOBS("GET", "/w/{workspace}/jobs/list", List.of("script_path_exact", "args"));

    private final String method;
    private final String template;
    private final List<String> query;

    WindmillRoute(String method, String template, List<String> query) {
        this.method = method;
        this.template = template;
        this.query = query;
    }

    public String method() {
        return method;
    }

    public String template() {
        return template;
    }

    public List<String> query() {
        return query;
    }
}
