package io.rsrch.testing;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real FalkorDB for tests: {@code valkey-server} with the FalkorDB module, on a free port of its
 * own. Optionally append-only on a directory, so a test can restart it and find its data.
 */
public final class FalkorDbServer implements AutoCloseable {

    private final Path dataDir;
    private final boolean appendOnly;
    private final int port;
    private Process process;

    private FalkorDbServer(Path dataDir, boolean appendOnly) throws IOException {
        this.dataDir = dataDir;
        this.appendOnly = appendOnly;
        this.port = freePort();
    }

    /** Starts a throw-away server that keeps nothing on disk. */
    public static FalkorDbServer start() throws IOException {
        FalkorDbServer server = new FalkorDbServer(Files.createTempDirectory("falkordb"), false);
        server.launch();
        return server;
    }

    /** Starts a server that writes an append-only file, so its data survives a restart. */
    public static FalkorDbServer startDurable() throws IOException {
        FalkorDbServer server = new FalkorDbServer(Files.createTempDirectory("falkordb"), true);
        server.launch();
        return server;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the process at once, as a crash would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** Starts the process again on the same port and directory. */
    public void restart() throws IOException {
        kill();
        launch();
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(valkeyServer());
        command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1"));
        command.addAll(List.of("--loadmodule", modulePath().toString()));
        command.addAll(List.of("--save", "", "--dir", dataDir.toString()));
        command.addAll(List.of("--appendonly", appendOnly ? "yes" : "no"));
        if (appendOnly) {
            command.addAll(List.of("--appendfsync", "always"));
        }
        process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dataDir.resolve("server.log").toFile())
                        .start();
        awaitReady();
    }

    private void awaitReady() throws IOException {
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsInstanceOf(JedisException.class)
                    .until(this::answers);
        } catch (ConditionTimeoutException e) {
            throw new IOException(
                    "valkey-server did not answer on port " + port + ": " + serverLog(), e);
        }
    }

    private boolean answers() throws IOException {
        if (!process.isAlive()) {
            throw new IOException("valkey-server exited: " + serverLog());
        }
        try (JedisPooled redis = new JedisPooled("127.0.0.1", port)) {
            return "PONG".equals(redis.ping());
        }
    }

    private String serverLog() throws IOException {
        return Files.readString(dataDir.resolve("server.log"));
    }

    private void waitForExit() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String valkeyServer() {
        for (String candidate : List.of("/usr/bin/valkey-server", "/usr/local/bin/valkey-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "valkey-server not found: run scripts/install-deps.sh (make test does)");
    }

    private static Path modulePath() {
        String configured = System.getProperty("rsrch.falkordb.module", ".deps/falkordb.so");
        Path module = Path.of(configured).toAbsolutePath();
        if (!Files.exists(module)) {
            throw new IllegalStateException(
                    "FalkorDB module missing at " + module + ": run scripts/install-deps.sh");
        }
        return module;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
