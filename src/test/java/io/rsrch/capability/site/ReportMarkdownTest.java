package io.rsrch.capability.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Converting a serialized report DOM into Markdown. */
class ReportMarkdownTest {

    @Test
    void headingsParagraphsListsAndLinksBecomeMarkdown() {
        Map<String, Object> tree =
                element(
                        "div",
                        element("h1", text("Title")),
                        text("\n  "),
                        element("p", text("See "), link("https://a.test/1", "one"), text(".")),
                        element(
                                "ul",
                                element("li", text("first")),
                                element(
                                        "li",
                                        text("second"),
                                        element("ol", element("li", text("inner"))))),
                        element(
                                "p",
                                element("strong", text("bold")),
                                text(" and "),
                                element("em", text("it"))),
                        element("button", text("Copy")),
                        element("script", text("alert(1)")));

        String markdown = ReportMarkdown.of(tree);

        assertThat(markdown)
                .isEqualTo(
                        "# Title\n\n"
                                + "See [one](https://a.test/1).\n\n"
                                + "- first\n"
                                + "- second\n"
                                + "   1. inner\n\n"
                                + "**bold** and *it*\n");
    }

    @Test
    void textIsCopiedWithoutEscaping() {
        String awkward = "{\"a\": 1} <script>x</script> * _ ` [b](c)";

        String markdown = ReportMarkdown.of(element("div", element("p", text(awkward))));

        assertThat(markdown).isEqualTo(awkward + "\n");
    }

    private static Map<String, Object> text(String text) {
        return Map.of("text", text);
    }

    private static Map<String, Object> link(String href, String text) {
        Map<String, Object> node = element("a", text(text));
        node.put("href", href);
        return node;
    }

    @SafeVarargs
    private static Map<String, Object> element(String tag, Map<String, Object>... children) {
        Map<String, Object> node = new HashMap<>();
        node.put("tag", tag);
        node.put("children", List.copyOf(Arrays.asList(children)));
        return node;
    }
}
