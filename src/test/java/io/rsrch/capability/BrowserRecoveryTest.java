package io.rsrch.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.capability.CapabilityClient.Answer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A capability on a persistent profile that was left locked, whose browser then crashes. */
class BrowserRecoveryTest {

    @TempDir static Path profile;
    private static CapabilityServer server;
    private static CapabilityClient client;
    private static final ExecutorService callers = Executors.newCachedThreadPool();

    @BeforeAll
    static void startOnAStaleProfile() throws Exception {
        QuietLogs.apply();
        // What a Chromium killed on another pod leaves behind.
        Files.createSymbolicLink(profile.resolve("SingletonLock"), Path.of("old-pod-4242"));
        Files.createSymbolicLink(
                profile.resolve("SingletonSocket"), Path.of("/tmp/gone/SingletonSocket"));
        Files.createSymbolicLink(profile.resolve("SingletonCookie"), Path.of("1234567890"));

        server =
                CapabilityServer.start(
                        CapabilityConfig.defaults(CapabilityClient.TOKEN, "sandbox")
                                .withPort(0)
                                .withTabs(1)
                                .withProfileDir(profile)
                                .withCallTimeout(Duration.ofSeconds(60)));
        client = new CapabilityClient(server.port());
    }

    @AfterAll
    static void stop() {
        callers.shutdownNow();
        server.close();
    }

    @Test
    void staleSingletonLockIsClearedAndTheBrowserStarts() throws Exception {
        Answer answer = client.research("job-profile", 1, "On a persistent profile");

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        Path lock = profile.resolve("SingletonLock");
        assertThat(Files.isSymbolicLink(lock)).isTrue();
        assertThat(Files.readSymbolicLink(lock).toString())
                .isNotEqualTo("old-pod-4242")
                .endsWith("-" + server.browserPid());
    }

    @Test
    void crashedBrowserFailsTheCallInFlightAndTheNextCallRelaunchesIt() throws Exception {
        int launchesBefore =
                client.get("/health", null).body().path("browser").path("launches").asInt();
        Future<Answer> inFlight =
                callers.submit(
                        () -> client.research("job-crash", 1, "Endless [sandbox never-finish]"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.sandboxStats().path("activePages").asInt() == 1);

        ProcessHandle browser = ProcessHandle.of(server.browserPid()).orElseThrow();
        browser.destroyForcibly();
        browser.onExit().get(10, TimeUnit.SECONDS);

        Answer crashed = inFlight.get();
        assertThat(crashed.status()).isEqualTo(502);
        assertThat(crashed.reason()).isEqualTo("BrowserCrashed");
        assertThat(client.get("/health", null).body().path("status").asText())
                .isEqualTo("degraded");
        Answer next = client.research("job-after-crash", 1, "After the crash");
        assertThat(next.status()).as(next.body().toString()).isEqualTo(200);
        assertThat(next.body().path("title").asText()).endsWith("After the crash");
        assertThat(client.get("/health", null).body().path("browser").path("launches").asInt())
                .isEqualTo(launchesBefore + 1);
        assertThat(client.get("/health", null).body().path("status").asText()).isEqualTo("ok");
    }
}
