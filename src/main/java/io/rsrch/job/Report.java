package io.rsrch.job;

import java.util.List;

/** The finished result of a research job: a title, the full text as Markdown and its sources. */
public record Report(String title, String markdown, List<Source> sources, long durationMs) {

    public Report {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }
}
