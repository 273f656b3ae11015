package io.rsrch.capability.browser;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Chromium process this capability starts itself with a DevTools port of its own choosing, so
 * that every tab can hold its own Playwright connection to the one browser. A dead process is
 * started again on the next request for the endpoint.
 */
public final class LaunchedChromium implements Chromium {

    private static final Logger log = LoggerFactory.getLogger(LaunchedChromium.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String PID_LINE = "rsrch-browser-pid=";

    /** Quiet, headless, and never dialling out on its own on a closed network. */
    private static final List<String> FLAGS =
            List.of(
                    "--headless=new",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--no-default-browser-check",
                    "--disable-gpu",
                    "--disable-quic",
                    "--disable-dev-shm-usage",
                    "--password-store=basic",
                    "--remote-debugging-port=0",
                    "--remote-debugging-address=127.0.0.1");

    /**
     * Runs the browser under a small shell that stops it when this JVM goes away, even by SIGKILL:
     * the shell's stdin is a pipe from this JVM, and reading end-of-file from it means the JVM
     * closed it (a graceful stop) or died. The shell also ends when the browser ends, so a crash is
     * still seen as the process exiting, and it removes a throwaway profile afterwards.
     */
    private static final String WATCHDOG =
            String.join(
                    "\n",
                    // A background job's stdin is /dev/null unless redirected: keep the pipe as fd
                    // 3.
                    "exec 3<&0",
                    "\"$@\" </dev/null 3<&- &",
                    "browser=$!",
                    "echo \"" + PID_LINE + "$browser\"",
                    "{ cat <&3 >/dev/null; kill -TERM \"$browser\" 2>/dev/null;"
                            + " sleep 10; kill -KILL \"$browser\" 2>/dev/null; } &",
                    "watcher=$!",
                    "wait \"$browser\"",
                    "code=$?",
                    "kill \"$watcher\" 2>/dev/null",
                    // Chromium's helper processes can still write into the profile for a moment
                    // after the browser process is gone, so the removal is tried again.
                    "if [ -n \"$RSRCH_DISPOSABLE_PROFILE\" ]; then for try in 1 2 3 4 5 6 7 8 9 10; do"
                            + " rm -rf \"$RSRCH_DISPOSABLE_PROFILE\" 2>/dev/null;"
                            + " [ -e \"$RSRCH_DISPOSABLE_PROFILE\" ] || break; sleep 1; done; fi",
                    "exit \"$code\"");

    private final Path executable;
    private final Path userDataDir;
    private final boolean persistentProfile;
    private final Path logFile;

    private Process process;
    private long browserPid = -1;
    private String url;
    private long generation;
    private int launches;
    private boolean closed;

    private LaunchedChromium(Path executable, Path userDataDir, boolean persistentProfile)
            throws IOException {
        this.executable = executable;
        this.userDataDir = userDataDir;
        this.persistentProfile = persistentProfile;
        this.logFile = Files.createTempFile("rsrch-chromium-", ".log");
    }

    /**
     * Starts Chromium on the given profile directory, or on a throwaway one when it is null.
     *
     * @throws BrowserUnavailable if it does not start
     */
    public static LaunchedChromium start(Path executable, Path profileDir) {
        try {
            boolean persistent = profileDir != null;
            Path dir =
                    persistent
                            ? Files.createDirectories(profileDir)
                            : Files.createTempDirectory("rsrch-chromium-profile-");
            LaunchedChromium chromium = new LaunchedChromium(executable, dir, persistent);
            chromium.endpoint();
            return chromium;
        } catch (IOException e) {
            throw new BrowserUnavailable(
                    "cannot prepare the browser profile directory: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized CdpEndpoint endpoint() {
        if (closed) {
            throw new BrowserUnavailable("the capability is shutting down", null);
        }
        if (process == null || !process.isAlive()) {
            if (process != null) {
                log.warn(
                        "Chromium pid {} is gone (exit {}); starting it again",
                        process.pid(),
                        process.exitValue());
            }
            launch();
        }
        return new CdpEndpoint(url, generation);
    }

    @Override
    public synchronized boolean isCurrent(long generation) {
        return generation == this.generation && process != null && process.isAlive();
    }

    @Override
    public synchronized boolean connected() {
        return process != null && process.isAlive();
    }

    @Override
    public synchronized int launches() {
        return launches;
    }

    @Override
    public boolean usesDefaultContext() {
        return persistentProfile;
    }

    @Override
    public synchronized long pid() {
        return process == null ? -1 : browserPid;
    }

    private void launch() {
        Path portFile = userDataDir.resolve("DevToolsActivePort");
        try {
            stop();
            ProfileLock.clearStale(userDataDir, hostName());
            // An old port file would point the tabs at a browser that no longer listens.
            Files.deleteIfExists(portFile);

            List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "sh"));
            command.add(executable.toString());
            command.addAll(FLAGS);
            // Chromium's own sandbox cannot start as root, nor in most containers, which lack
            // unprivileged user namespaces; there the pod's isolation stands in for it.
            if ("root".equals(System.getProperty("user.name"))
                    || "false".equals(System.getenv("RSRCH_CHROMIUM_SANDBOX"))) {
                command.add("--no-sandbox");
            }
            command.add("--user-data-dir=" + userDataDir);
            command.add("about:blank");
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(logFile.toFile());
            if (!persistentProfile) {
                builder.environment().put("RSRCH_DISPOSABLE_PROFILE", userDataDir.toString());
            }
            process = builder.start();
            launches++;
            url = "http://127.0.0.1:" + awaitPort(portFile);
            browserPid = readBrowserPid();
            generation++;
            log.info(
                    "Chromium started: pid {}, launch {}, profile {}",
                    browserPid,
                    launches,
                    persistentProfile ? userDataDir : "(temporary)");
        } catch (IOException e) {
            throw new BrowserUnavailable(
                    "cannot start Chromium at "
                            + executable
                            + ": "
                            + e.getMessage()
                            + "; install it or set RSRCH_CHROMIUM_PATH",
                    e);
        }
    }

    private int awaitPort(Path portFile) throws IOException {
        long until = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new BrowserUnavailable(
                        "Chromium exited at start with code "
                                + process.exitValue()
                                + "; its output ends with: "
                                + logTail(),
                        null);
            }
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).strip());
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrowserUnavailable("interrupted while Chromium was starting", e);
            }
        }
        stop();
        throw new BrowserUnavailable(
                "Chromium did not open its DevTools port within "
                        + START_TIMEOUT.toSeconds()
                        + " s; its output ends with: "
                        + logTail(),
                null);
    }

    /** The browser's own process id, which the watchdog shell writes first into the log. */
    private long readBrowserPid() throws IOException {
        for (String line : Files.readAllLines(logFile, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith(PID_LINE)) {
                return Long.parseLong(line.substring(PID_LINE.length()).strip());
            }
        }
        return -1;
    }

    private String logTail() {
        try {
            String text = Files.readString(logFile, StandardCharsets.UTF_8);
            return text.length() > 800 ? text.substring(text.length() - 800) : text;
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        try {
            // End of file on the watchdog's stdin: it stops the browser and exits.
            process.getOutputStream().close();
        } catch (IOException e) {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public synchronized void close() {
        closed = true;
        stop();
        try {
            Files.deleteIfExists(logFile);
            if (!persistentProfile) {
                deleteTree(userDataDir);
            }
        } catch (IOException | UncheckedIOException e) {
            log.debug("could not clean up the browser's temporary files: {}", e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }
}
