package io.rsrch.capability.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.time.Duration;

/** Reading the behaviour directives embedded in sandbox prompts. */
class SandboxDirectivesTest {

    @Test
    void promptWithoutDirectivesGetsTheDefaults() {
        SandboxDirectives directives = SandboxDirectives.parse("Plain question [not sandbox]");

        assertThat(directives.delay()).isEqualTo(SandboxDirectives.DEFAULT_DELAY);
        assertThat(directives.error()).isNull();
        assertThat(directives.signIn()).isFalse();
        assertThat(directives.noDeepResearch()).isFalse();
        assertThat(directives.neverFinish()).isFalse();
        assertThat(directives.navigate()).isNull();
        assertThat(directives.popup()).isNull();
    }

    @Test
    void directivesCombineWithinAndAcrossBlocks() {
        SandboxDirectives directives =
                SandboxDirectives.parse(
                        "Q [sandbox delay=1.5s error=\"quota exceeded\"] more [sandbox signin"
                                + " no-deep-research never-finish navigate=https://x.test/a"
                                + " popup=\"https://y.test/b\"]");

        assertThat(directives.delay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(directives.error()).isEqualTo("quota exceeded");
        assertThat(directives.signIn()).isTrue();
        assertThat(directives.noDeepResearch()).isTrue();
        assertThat(directives.neverFinish()).isTrue();
        assertThat(directives.navigate()).isEqualTo("https://x.test/a");
        assertThat(directives.popup()).isEqualTo("https://y.test/b");
    }

    @Test
    void delayUnderstandsMillisecondsSecondsAndMinutes() {
        assertThat(SandboxDirectives.parse("[sandbox delay=250ms]").delay())
                .isEqualTo(Duration.ofMillis(250));
        assertThat(SandboxDirectives.parse("[sandbox delay=3]").delay())
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(SandboxDirectives.parse("[sandbox delay=2m]").delay())
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(SandboxDirectives.parse("[sandbox delay=soon]").delay())
                .isEqualTo(SandboxDirectives.DEFAULT_DELAY);
    }
}
