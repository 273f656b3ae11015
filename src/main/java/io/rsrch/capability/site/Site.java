package io.rsrch.capability.site;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A web site that offers Deep Research: where its chat app lives, where a gem lives, and which
 * hosts its pages may load.
 *
 * @param name {@code gemini} or {@code sandbox}
 * @param baseUrl the site root, ending in a slash; the app is at {@code app}, gems at {@code
 *     gem/<id>}
 * @param allowedHosts hosts a page may load from: a bare host also admits its subdomains, a {@code
 *     host:port} entry admits that exact origin only
 */
public record Site(String name, String baseUrl, List<String> allowedHosts) {

    /**
     * Hosts Gemini's web app needs: the app itself, the sign-in page (so an expired login is seen
     * as a sign-in page rather than a blocked request), Google's static and font hosts, user
     * content (avatars, images), the API hosts the app calls from the page ({@code apis}, {@code
     * clients6}, {@code play} for its logging) and the account widget ({@code ogs}).
     */
    public static final List<String> GEMINI_HOSTS =
            List.of(
                    "gemini.google.com",
                    "accounts.google.com",
                    "gstatic.com",
                    "googleusercontent.com",
                    "fonts.googleapis.com",
                    "apis.google.com",
                    "clients6.google.com",
                    "play.google.com",
                    "ogs.google.com",
                    "www.google.com");

    public Site {
        if (!baseUrl.endsWith("/")) {
            baseUrl = baseUrl + "/";
        }
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** Gemini itself, plus any hosts the operator allowed on top. */
    public static Site gemini(List<String> extraHosts) {
        List<String> hosts = new ArrayList<>(GEMINI_HOSTS);
        hosts.addAll(extraHosts);
        return new Site("gemini", "https://gemini.google.com/", hosts);
    }

    /** The sandbox copy of Gemini at the given base URL, plus any extra allowed hosts. */
    public static Site sandbox(String baseUrl, List<String> extraHosts) {
        URI base = URI.create(baseUrl);
        int port = base.getPort() != -1 ? base.getPort() : defaultPort(base.getScheme());
        List<String> hosts = new ArrayList<>();
        hosts.add(base.getHost() + ":" + port);
        hosts.addAll(extraHosts);
        return new Site("sandbox", baseUrl, hosts);
    }

    /** The address of a new, empty chat. */
    public String appUrl() {
        return baseUrl + "app";
    }

    /** The address of a chat with the given gem. */
    public String gemUrl(String gem) {
        return baseUrl + "gem/" + URLEncoder.encode(gem, StandardCharsets.UTF_8);
    }

    static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
