package io.rsrch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.testing.CapabilityProcess;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A capability killed with SIGKILL cannot stop its browser itself; the browser must still go, and
 * its throwaway profile with it, or every crash would leave a Chromium running.
 */
class CapabilityKilledLeavesNoBrowserTest {

    private static final String TOKEN = "test-internal-token-0123456789";

    @Test
    void theBrowserOfACapabilityKilledWithSigkillEndsAndItsProfileIsRemoved() throws Exception {
        CapabilityProcess capability = CapabilityProcess.start(1, TOKEN);
        List<ProcessHandle> started;
        try {
            started = capability.killJvmOnly();
        } finally {
            capability.close();
        }
        Path profile =
                started.stream()
                        .map(p -> profileOf(p.info().commandLine().orElse("")))
                        .flatMap(Optional::stream)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no browser among " + started));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
        await().atMost(Duration.ofSeconds(60))
                .alias("the throwaway profile " + profile + " is removed")
                .until(() -> !Files.exists(profile));
        assertThat(started).isNotEmpty();
    }

    private static Optional<Path> profileOf(String commandLine) {
        String flag = "--user-data-dir=";
        int at = commandLine.indexOf(flag);
        if (at < 0 || commandLine.startsWith("/bin/sh")) {
            return Optional.empty();
        }
        String rest = commandLine.substring(at + flag.length());
        int end = rest.indexOf(' ');
        return Optional.of(Path.of(end < 0 ? rest : rest.substring(0, end)));
    }
}
