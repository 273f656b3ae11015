package io.rsrch.capability.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/** The sandbox report belongs visibly to its own prompt. */
class SandboxReportTest {

    @Test
    void reportQuotesThePromptAndCitesSourcesUniqueToIt() {
        Map<String, Object> first = SandboxReport.of("first <b>prompt</b>");
        Map<String, Object> second = SandboxReport.of("second prompt");

        assertThat(first.get("title"))
                .isEqualTo(SandboxReport.TITLE_PREFIX + "first <b>prompt</b>");
        assertThat(urls(first))
                .hasSize(SandboxReport.SOURCE_COUNT)
                .doesNotContainAnyElementsOf(urls(second));
        assertThat(urls(first).get(0)).startsWith("https://sandbox.rsrch.invalid/source/");
    }

    @SuppressWarnings("unchecked")
    private static List<String> urls(Map<String, Object> report) {
        return ((List<Map<String, Object>>) report.get("sources"))
                .stream().map(source -> (String) source.get("url")).toList();
    }
}
