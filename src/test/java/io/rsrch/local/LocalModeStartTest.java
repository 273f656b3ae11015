package io.rsrch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rsrch.capability.CapabilityConfig;
import io.rsrch.testing.FalkorDbServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

class LocalModeStartTest {

    private static FalkorDbServer falkordb;

    @BeforeAll
    static void startFalkorDb() throws Exception {
        falkordb = FalkorDbServer.start();
    }

    @AfterAll
    static void stopFalkorDb() {
        falkordb.close();
    }

    @Test
    void aStartThatFailsLeavesNoBrowserOrPortBehind(@TempDir Path profile) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int capabilityPort = probe.getLocalPort();
            probe.close();
            CapabilityConfig capability =
                    LocalModeFixture.sandbox(1).withPort(capabilityPort).withProfileDir(profile);
            LocalSettings settings =
                    LocalModeFixture.settings(
                            falkordb.url(),
                            taken.getLocalPort(),
                            capability,
                            1,
                            0,
                            Duration.ofSeconds(30));

            assertThatThrownBy(() -> LocalMode.start(settings))
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));

            await().atMost(Duration.ofSeconds(20)).until(() -> browsersUsing(profile).isEmpty());
            try (ServerSocket again =
                    new ServerSocket(capabilityPort, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).isEqualTo(capabilityPort);
            }
        }
    }

    private static List<ProcessHandle> browsersUsing(Path profile) {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(profile.toString()))
                .toList();
    }
}
