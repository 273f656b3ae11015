package io.rsrch.capability.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** Clearing the singleton files a dead Chromium leaves in its profile. */
class ProfileLockTest {

    @Test
    void lockOfAProcessThatIsNotChromiumIsStale(@TempDir Path profile) throws Exception {
        long notChromium = ProcessHandle.current().pid();
        Files.createSymbolicLink(
                profile.resolve("SingletonLock"), Path.of("this-host-" + notChromium));
        Files.writeString(profile.resolve("Preferences"), "{}");

        ProfileLock.clearStale(profile, "this-host");

        assertThat(profile.resolve("SingletonLock")).doesNotExist();
        assertThat(Files.isSymbolicLink(profile.resolve("SingletonLock"))).isFalse();
        assertThat(profile.resolve("Preferences")).exists();
    }
}
