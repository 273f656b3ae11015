package io.rsrch.capability.site;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a report's DOM, serialized as nested maps ({@code {tag, href, children}} for elements,
 * {@code {text}} for text), into Markdown: headings, paragraphs, lists, links, emphasis, code and
 * quotes. Text is copied as it stands, never escaped, so the report's words come back verbatim.
 */
public final class ReportMarkdown {

    private static final Set<String> SKIPPED =
            Set.of("script", "style", "button", "svg", "noscript", "template", "mat-icon");

    private ReportMarkdown() {}

    /** The Markdown for a whole report tree. */
    public static String of(Map<String, Object> root) {
        StringBuilder out = new StringBuilder();
        blocks(root, out, "");
        return out.toString().replaceAll("\n{3,}", "\n\n").strip() + "\n";
    }

    private static void blocks(Map<String, Object> node, StringBuilder out, String indent) {
        String tag = tag(node);
        if (tag == null) {
            String text = (String) node.get("text");
            if (text != null && !text.isBlank()) {
                paragraph(out, indent, text);
            }
            return;
        }
        if (SKIPPED.contains(tag)) {
            return;
        }
        switch (tag) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                int level = tag.charAt(1) - '0';
                paragraph(out, indent, "#".repeat(level) + " " + inline(node).strip());
            }
            case "p" -> paragraph(out, indent, inline(node));
            case "ul", "ol" -> list(node, out, indent, tag.equals("ol"));
            case "pre" -> paragraph(out, indent, "```\n" + text(node).stripTrailing() + "\n```");
            case "blockquote" -> {
                StringBuilder quoted = new StringBuilder();
                children(node).forEach(child -> blocks(child, quoted, ""));
                paragraph(out, indent, quoted.toString().strip().replaceAll("(?m)^", "> "));
            }
            case "hr" -> paragraph(out, indent, "---");
            default -> {
                if (isInlineOnly(node)) {
                    String text = inline(node);
                    if (!text.isBlank()) {
                        paragraph(out, indent, text);
                    }
                } else {
                    children(node).forEach(child -> blocks(child, out, indent));
                }
            }
        }
    }

    private static void list(
            Map<String, Object> node, StringBuilder out, String indent, boolean ordered) {
        int number = 1;
        StringBuilder items = new StringBuilder();
        for (Map<String, Object> item : children(node)) {
            if (!"li".equals(tag(item))) {
                continue;
            }
            String marker = ordered ? (number++) + ". " : "- ";
            StringBuilder own = new StringBuilder();
            StringBuilder nested = new StringBuilder();
            for (Map<String, Object> child : children(item)) {
                String childTag = tag(child);
                if ("ul".equals(childTag) || "ol".equals(childTag)) {
                    list(child, nested, indent + "   ", "ol".equals(childTag));
                } else if ("p".equals(childTag) && own.length() > 0) {
                    own.append(' ').append(inline(child));
                } else {
                    own.append(inline(child));
                }
            }
            items.append(indent).append(marker).append(own.toString().strip()).append('\n');
            items.append(nested.toString().replaceAll("\n\n", "\n"));
        }
        out.append(items).append('\n');
    }

    private static String inline(Map<String, Object> node) {
        String tag = tag(node);
        if (tag == null) {
            String text = (String) node.get("text");
            return text == null ? "" : text;
        }
        if (SKIPPED.contains(tag)) {
            return "";
        }
        StringBuilder inner = new StringBuilder();
        children(node).forEach(child -> inner.append(inline(child)));
        String text = inner.toString();
        return switch (tag) {
            case "a" -> {
                Object href = node.get("href");
                yield href == null ? text : "[" + text.strip() + "](" + href + ")";
            }
            case "strong", "b" -> text.isBlank() ? text : "**" + text + "**";
            case "em", "i" -> text.isBlank() ? text : "*" + text + "*";
            case "code" -> "`" + text + "`";
            case "br" -> "\n";
            default -> text;
        };
    }

    private static String text(Map<String, Object> node) {
        if (tag(node) == null) {
            String text = (String) node.get("text");
            return text == null ? "" : text;
        }
        StringBuilder out = new StringBuilder();
        children(node).forEach(child -> out.append(text(child)));
        return out.toString();
    }

    private static boolean isInlineOnly(Map<String, Object> node) {
        for (Map<String, Object> child : children(node)) {
            String tag = tag(child);
            if (tag == null) {
                continue;
            }
            boolean inlineTag =
                    Set.of("a", "span", "strong", "b", "em", "i", "code", "br", "sup", "sub")
                            .contains(tag);
            if (!inlineTag || !isInlineOnly(child)) {
                return false;
            }
        }
        return true;
    }

    private static void paragraph(StringBuilder out, String indent, String text) {
        out.append(indent).append(text).append("\n\n");
    }

    private static String tag(Map<String, Object> node) {
        return (String) node.get("tag");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> children(Map<String, Object> node) {
        Object children = node.get("children");
        return children instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }
}
