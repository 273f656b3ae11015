package io.rsrch.capability.site;

import io.rsrch.capability.call.CallSignal;
import io.rsrch.job.Report;
import io.rsrch.job.Source;

import com.microsoft.playwright.Page;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark-only site that answers every call at once with a generated report, without a browser,
 * and remembers when each call reached it and when it answered ({@code GET
 * /internal/instant/calls}).
 */
public final class InstantSite implements SiteAdapter {

    /** Older calls are forgotten beyond this many, so memory stays bounded. */
    private static final int REMEMBERED = 50_000;

    private static final List<Source> SOURCES =
            List.of(
                    new Source("https://instant.invalid/source/1", "Instant source one"),
                    new Source("https://instant.invalid/source/2", "Instant source two"),
                    new Source("https://instant.invalid/source/3", "Instant source three"));

    private final Map<String, long[]> callsByQuery =
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                    return size() > REMEMBERED;
                }
            };

    /** The site record the capability reports; the instant site loads no pages at all. */
    public static Site site() {
        return new Site("instant", "http://127.0.0.1/instant/", List.of());
    }

    @Override
    public Report research(
            Page page, NavigationGuard guard, CallSignal signal, String query, String gem) {
        long arrived = micros();
        signal.check();
        Report report =
                new Report(
                        "Instant report: " + query,
                        "# Instant report\n\nGenerated at once, without a browser, for: " + query,
                        SOURCES,
                        0);
        long answered = micros();
        synchronized (callsByQuery) {
            callsByQuery.put(query, new long[] {arrived, answered});
        }
        return report;
    }

    /** Adds {@code GET /internal/instant/calls}; the server's token guard covers it. */
    public void register(Javalin app) {
        app.get("/internal/instant/calls", this::calls);
    }

    private void calls(Context ctx) {
        List<Map<String, Object>> calls = new ArrayList<>();
        synchronized (callsByQuery) {
            callsByQuery.forEach(
                    (query, times) -> {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("query", query);
                        entry.put("arrivedAtMicros", times[0]);
                        entry.put("answeredAtMicros", times[1]);
                        calls.add(entry);
                    });
        }
        ctx.json(Map.of("calls", calls));
    }

    private static long micros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
