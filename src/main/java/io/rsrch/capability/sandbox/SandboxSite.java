package io.rsrch.capability.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small copy of Gemini's Deep Research page, served by the capability under {@code /sandbox/}, so
 * demos and tests drive the real adapter in a real browser without Google. It keeps the same page
 * contract (see the adapter's selectors) and counts misuse in {@code /sandbox/stats}.
 */
public final class SandboxSite {

    /** Old pages and research are forgotten beyond this many, so memory stays bounded. */
    private static final int REMEMBERED = 2000;

    private final ObjectMapper json = new ObjectMapper();
    private final SandboxStats stats = new SandboxStats();
    private final Map<String, Integer> promptsByPage = bounded();
    private final Map<String, SandboxResearch> research = bounded();
    private final String appHtml = resource("app.html");
    private final String appScript = resource("app.js");
    private final String appStyle = resource("app.css");

    /** Adds the sandbox's pages and its small API to the server. */
    public void register(Javalin app) {
        app.get("/sandbox", ctx -> ctx.redirect("/sandbox/app"));
        app.get("/sandbox/", ctx -> ctx.redirect("/sandbox/app"));
        app.get("/sandbox/app", ctx -> page(ctx, null));
        app.get("/sandbox/gem/{gem}", ctx -> page(ctx, ctx.pathParam("gem")));
        app.get("/sandbox/app.js", ctx -> ctx.contentType("text/javascript").result(appScript));
        app.get("/sandbox/app.css", ctx -> ctx.contentType("text/css").result(appStyle));
        app.post("/sandbox/api/tools", this::tools);
        app.post("/sandbox/api/prompt", this::prompt);
        app.post("/sandbox/api/clobber", this::clobber);
        app.post("/sandbox/api/research/{id}/start", this::start);
        app.get("/sandbox/api/research/{id}", this::poll);
        app.get("/sandbox/stats", ctx -> ctx.json(stats.snapshot(activePages())));
        app.post(
                "/sandbox/stats/reset",
                ctx -> {
                    stats.reset();
                    ctx.json(stats.snapshot(activePages()));
                });
    }

    private void page(Context ctx, String gem) {
        String html =
                appHtml.replace("{{PAGE_ID}}", UUID.randomUUID().toString())
                        .replace("{{GEM}}", gem == null ? "" : escapeHtml(gem));
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    private void tools(Context ctx) {
        String prompt = text(body(ctx), "prompt");
        boolean deepResearch = !SandboxDirectives.parse(prompt).noDeepResearch();
        ctx.json(Map.of("deepResearch", deepResearch));
    }

    private void prompt(Context ctx) {
        JsonNode body = body(ctx);
        String pageId = text(body, "pageId");
        String prompt = text(body, "prompt");
        stats.prompt();
        synchronized (promptsByPage) {
            int sent = promptsByPage.merge(pageId, 1, Integer::sum);
            if (sent > 1) {
                stats.clobber();
            }
        }

        SandboxDirectives directives = SandboxDirectives.parse(prompt);
        Map<String, Object> answer = new LinkedHashMap<>();
        if (directives.signIn()) {
            answer.put("signin", true);
        } else if (directives.navigate() != null) {
            answer.put("navigate", directives.navigate());
        } else if (!body.path("deepResearch").asBoolean(false)) {
            // What the failed server silently accepted: an ordinary chat reply, no research.
            answer.put("chat", "A quick chat answer, without research, to: " + prompt);
        } else {
            String id = UUID.randomUUID().toString();
            synchronized (research) {
                research.put(id, new SandboxResearch(id, pageId, prompt, directives));
            }
            answer.put("researchId", id);
            answer.put("plan", plan(prompt));
            if (directives.popup() != null) {
                answer.put("popup", directives.popup());
            }
        }
        ctx.json(answer);
    }

    private void clobber(Context ctx) {
        stats.clobber();
        ctx.json(Map.of("clobbers", stats.snapshot(activePages()).clobbers()));
    }

    private void start(Context ctx) {
        SandboxResearch started = find(ctx);
        synchronized (research) {
            started.start();
            stats.active(activePages());
        }
        ctx.json(Map.of("state", "running"));
    }

    private void poll(Context ctx) {
        ctx.json(find(ctx).poll());
    }

    private SandboxResearch find(Context ctx) {
        SandboxResearch found;
        synchronized (research) {
            found = research.get(ctx.pathParam("id"));
        }
        if (found == null) {
            throw new NotFoundResponse("no such research");
        }
        return found;
    }

    private int activePages() {
        synchronized (research) {
            return (int)
                    research.values().stream()
                            .filter(SandboxResearch::active)
                            .map(r -> r.pageId)
                            .distinct()
                            .count();
        }
    }

    private static Map<String, Object> plan(String prompt) {
        return Map.of(
                "title",
                "Research plan",
                "steps",
                List.of(
                        "Research websites about: " + prompt,
                        "Analyse the results",
                        "Create a report"));
    }

    private JsonNode body(Context ctx) {
        try {
            return json.readTree(ctx.body());
        } catch (IOException e) {
            throw new BadRequestResponse("the body must be JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (!value.isTextual()) {
            throw new BadRequestResponse(field + " must be a string");
        }
        return value.asText();
    }

    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String resource(String name) {
        try (InputStream in = SandboxSite.class.getResourceAsStream("/sandbox/" + name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the sandbox resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }
}
