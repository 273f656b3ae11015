package io.rsrch.capability.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report the sandbox writes for a prompt: a title and text that quote the prompt verbatim, and
 * sources whose URLs are unique to the prompt, so a test can tell whose report it got. The page
 * renders it with DOM text nodes, so any characters survive byte for byte.
 */
public final class SandboxReport {

    public static final int SOURCE_COUNT = 3;
    public static final String TITLE_PREFIX = "Research report: ";

    private SandboxReport() {}

    /** The report as {@code {title, blocks, sources}}, the shape the sandbox page renders. */
    public static Map<String, Object> of(String prompt) {
        String key = keyOf(prompt);
        List<Map<String, Object>> sources = new ArrayList<>();
        for (int n = 1; n <= SOURCE_COUNT; n++) {
            sources.add(
                    Map.of(
                            "url",
                            sourceUrl(prompt, n),
                            "title",
                            "Sandbox source " + n + " for " + key));
        }

        List<Map<String, Object>> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "h2", "text", "Question"));
        blocks.add(paragraph(List.of(text("The question, as asked: "), text(prompt))));
        blocks.add(Map.of("type", "h2", "text", "Findings"));
        blocks.add(
                paragraph(
                        List.of(
                                text("The first finding for research " + key + " is backed by "),
                                link(sources.get(0)),
                                text(", and the second by "),
                                link(sources.get(1)),
                                text("."))));
        blocks.add(
                Map.of(
                        "type",
                        "ul",
                        "items",
                        List.of(
                                List.of(text("Every sandbox report is generated from its prompt.")),
                                List.of(
                                        text(
                                                "Its sources are text links that are never opened.")))));
        blocks.add(Map.of("type", "h2", "text", "Sources"));
        List<List<Map<String, Object>>> items = new ArrayList<>();
        sources.forEach(source -> items.add(List.of(link(source))));
        blocks.add(Map.of("type", "ol", "items", items));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("title", TITLE_PREFIX + prompt);
        report.put("blocks", blocks);
        report.put("sources", sources);
        return report;
    }

    /** The URL of the n-th source (from 1) of the report for a prompt. */
    public static String sourceUrl(String prompt, int n) {
        return "https://sandbox.rsrch.invalid/source/" + keyOf(prompt) + "/" + n;
    }

    /** A short key derived from the prompt, used in its source URLs. */
    public static String keyOf(String prompt) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(prompt.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Map<String, Object> paragraph(List<Map<String, Object>> parts) {
        return Map.of("type", "p", "parts", parts);
    }

    private static Map<String, Object> text(String text) {
        return Map.of("text", text);
    }

    private static Map<String, Object> link(Map<String, Object> source) {
        return Map.of("text", source.get("title"), "href", source.get("url"));
    }
}
