package io.rsrch.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.time.Duration;

/** Defaults and validation of the capability settings. */
class CapabilityConfigTest {

    @Test
    void defaultsMatchTheDocumentedValues() {
        CapabilityConfig config = CapabilityConfig.defaults("secret-token", "gemini");

        assertThat(config.port()).isEqualTo(3002);
        assertThat(config.tabs()).isEqualTo(2);
        assertThat(config.queueLimit()).isEqualTo(4);
        assertThat(config.queueWaitTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.callTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.chromiumPath().toString()).isEqualTo("/usr/bin/chromium");
        assertThat(config.podName()).isNotBlank();
        assertThat(config.withTabs(3).queueLimit()).isEqualTo(6);
    }

    @Test
    void blankTokenOrUnknownSiteIsRefused() {
        assertThatThrownBy(() -> CapabilityConfig.defaults(" ", "sandbox"))
                .hasMessageContaining("RSRCH_INTERNAL_TOKEN");
        assertThatThrownBy(() -> CapabilityConfig.defaults("t", "bing"))
                .hasMessageContaining("'gemini' or 'sandbox'");
    }

    @Test
    void printedConfigNeverShowsTheToken() {
        CapabilityConfig config = CapabilityConfig.defaults("very-secret-token", "sandbox");

        assertThat(config.toString()).doesNotContain("very-secret-token").contains("site=sandbox");
    }
}
