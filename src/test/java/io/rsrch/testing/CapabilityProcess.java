package io.rsrch.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rsrch capability} on the sandbox site as a child JVM on a fixed port, so a test can kill
 * it and its Chromium the way a crash would and start it again on the same port.
 */
public final class CapabilityProcess implements AutoCloseable {

    private final int port;
    private final int tabs;
    private final String token;
    private final Path log;
    private Process process;

    private CapabilityProcess(int port, int tabs, String token) throws IOException {
        this.port = port;
        this.tabs = tabs;
        this.token = token;
        this.log = Files.createTempFile("rsrch-capability", ".log");
    }

    /** Starts a capability on a free port and waits until its browser is up. */
    public static CapabilityProcess start(int tabs, String token) throws IOException {
        CapabilityProcess capability = new CapabilityProcess(freePort(), tabs, token);
        capability.launch();
        return capability;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kills the JVM and every process it started (the browser) at once, with SIGKILL. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.toHandle().descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
        for (ProcessHandle child : descendants) {
            child.onExit().join();
        }
        process = null;
    }

    /**
     * Kills only the JVM with SIGKILL, as the kernel's out-of-memory killer would, and answers the
     * processes it had started, which are left to end by themselves.
     */
    public List<ProcessHandle> killJvmOnly() throws InterruptedException {
        List<ProcessHandle> descendants = process.toHandle().descendants().toList();
        process.destroyForcibly();
        process.waitFor();
        process = null;
        return descendants;
    }

    /** Starts the capability again on the same port and waits until its browser is up. */
    public void restart() throws IOException, InterruptedException {
        kill();
        launch();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.add("io.rsrch.cli.Main");
        command.add("capability");
        command.addAll(List.of("--capability-port", String.valueOf(port)));
        command.addAll(List.of("--tabs", String.valueOf(tabs)));
        command.addAll(List.of("--site", "sandbox"));
        command.addAll(List.of("--internal-token", token));
        command.addAll(List.of("--pod-name", "capability-" + port));
        process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        awaitBrowser();
    }

    private void awaitBrowser() {
        Http health = new Http(url());
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(
                        () -> {
                            if (!process.isAlive()) {
                                throw new AssertionError("rsrch capability exited:\n" + log());
                            }
                            return health.get("/health")
                                    .body()
                                    .path("browser")
                                    .path("connected")
                                    .asBoolean();
                        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
