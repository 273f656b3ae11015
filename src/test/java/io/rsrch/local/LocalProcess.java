package io.rsrch.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code rsrch local} as a child JVM, so a test can kill it the way a crash would. */
final class LocalProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private LocalProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static LocalProcess start(String falkordbUrl, int apiPort, int capabilityPort, String... extra)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.rsrch.cli.Main");
        command.add("local");
        command.addAll(
                List.of(
                        "--falkordb-url",
                        falkordbUrl,
                        "--api-port",
                        String.valueOf(apiPort),
                        "--capability-port",
                        String.valueOf(capabilityPort),
                        "--internal-token",
                        LocalModeFixture.TOKEN,
                        "--site",
                        "sandbox",
                        "--lease-seconds",
                        "3",
                        "--backoff-initial-ms",
                        "200",
                        "--supervise-interval-ms",
                        "200"));
        command.addAll(List.of(extra));
        Path log = Files.createTempFile("rsrch-local", ".log");
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        return new LocalProcess(process, log);
    }

    boolean alive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Kills the process and the browser it started at once, with no chance to clean up. */
    void kill() throws InterruptedException {
        List<ProcessHandle> children = process.toHandle().descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "rsrch local (log " + log + File.separator + ")";
    }
}
