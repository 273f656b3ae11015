package io.rsrch.capability.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Which hosts a site's pages may load. */
class NavigationGuardTest {

    @Test
    void geminiAllowsItsOwnHostsAndSubdomainsOfStaticHostsOnly() {
        NavigationGuard guard = new NavigationGuard(Site.gemini(List.of()).allowedHosts());

        assertThat(guard.allows("https://gemini.google.com/app")).isTrue();
        assertThat(guard.allows("https://accounts.google.com/ServiceLogin")).isTrue();
        assertThat(guard.allows("https://www.gstatic.com/x.js")).isTrue();
        assertThat(guard.allows("https://lh3.googleusercontent.com/a.png")).isTrue();
        assertThat(guard.allows("https://signaler-pa.clients6.google.com/x")).isTrue();
        assertThat(guard.allows("https://mail.google.com/")).isFalse();
        assertThat(guard.allows("https://evilgstatic.com/")).isFalse();
        assertThat(guard.allows("https://example.org/")).isFalse();
        assertThat(guard.allows("data:text/plain,hi")).isTrue();
    }

    @Test
    void sandboxAllowsExactlyItsOwnOrigin() {
        Site site = Site.sandbox("http://127.0.0.1:4321/sandbox/", List.of("extra.test"));
        NavigationGuard guard = new NavigationGuard(site.allowedHosts());

        assertThat(guard.allows("http://127.0.0.1:4321/sandbox/app")).isTrue();
        assertThat(guard.allows("http://127.0.0.1:4322/sandbox/app")).isFalse();
        assertThat(guard.allows("http://localhost:4321/sandbox/app")).isFalse();
        assertThat(guard.allows("https://cdn.extra.test/lib.js")).isTrue();
        assertThat(site.gemUrl("my gem/../x"))
                .isEqualTo("http://127.0.0.1:4321/sandbox/gem/my+gem%2F..%2Fx");
    }
}
