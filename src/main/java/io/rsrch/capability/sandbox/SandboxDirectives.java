package io.rsrch.capability.sandbox;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instructions embedded in a sandbox prompt as {@code [sandbox delay=3s error="quota exceeded"]},
 * combinable and in any number of blocks, that make the sandbox act out one behaviour of the real
 * site: slow research, an error, a sign-in page, no Deep Research tool, research that never ends, a
 * navigation to another host, or a pop-up window on another host while research runs.
 *
 * @param delay how long research takes once started
 * @param error the error the site shows instead of a report, or null
 * @param signIn show a sign-in page when the prompt is sent
 * @param noDeepResearch leave Deep Research out of the Tools menu
 * @param neverFinish research keeps running and never shows a report
 * @param navigate a URL the page navigates to when the prompt is sent, or null
 * @param popup a URL the page opens in a new window once research has started, or null
 */
public record SandboxDirectives(
        Duration delay,
        String error,
        boolean signIn,
        boolean noDeepResearch,
        boolean neverFinish,
        String navigate,
        String popup) {

    /** Short, but long enough that concurrent research overlaps visibly. */
    public static final Duration DEFAULT_DELAY = Duration.ofMillis(300);

    private static final Pattern BLOCK = Pattern.compile("\\[sandbox\\b([^\\]]*)\\]");
    private static final Pattern TOKEN =
            Pattern.compile("([a-z][a-z-]*)(?:=(\"[^\"]*\"|[^\\s\"]+))?");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");

    /** Reads every directive block in the prompt; a prompt without any gets the defaults. */
    public static SandboxDirectives parse(String prompt) {
        Duration delay = DEFAULT_DELAY;
        String error = null;
        String navigate = null;
        String popup = null;
        boolean signIn = false;
        boolean noDeepResearch = false;
        boolean neverFinish = false;
        Matcher block = BLOCK.matcher(prompt);
        while (block.find()) {
            Matcher token = TOKEN.matcher(block.group(1));
            while (token.find()) {
                String value = unquote(token.group(2));
                switch (token.group(1).toLowerCase(Locale.ROOT)) {
                    case "delay" -> delay = duration(value, delay);
                    case "error" -> error = value == null || value.isBlank() ? "error" : value;
                    case "signin" -> signIn = true;
                    case "no-deep-research" -> noDeepResearch = true;
                    case "never-finish" -> neverFinish = true;
                    case "navigate" -> navigate = value;
                    case "popup" -> popup = value;
                    default -> {
                        // An unknown word is ignored so a prompt never fails on a typo here.
                    }
                }
            }
        }
        return new SandboxDirectives(
                delay, error, signIn, noDeepResearch, neverFinish, navigate, popup);
    }

    private static String unquote(String value) {
        if (value != null
                && value.length() >= 2
                && value.startsWith("\"")
                && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static Duration duration(String value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(value.strip());
        if (!matcher.matches()) {
            return fallback;
        }
        double amount = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        double millis =
                switch (unit) {
                    case "ms" -> amount;
                    case "m" -> amount * 60_000;
                    default -> amount * 1000;
                };
        return Duration.ofMillis(Math.round(millis));
    }
}
