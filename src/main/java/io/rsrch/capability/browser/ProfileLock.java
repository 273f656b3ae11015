package io.rsrch.capability.browser;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Clears the singleton files Chromium leaves in a profile when it dies without shutting down; left
 * in place they make the next Chromium refuse the profile and never start.
 */
public final class ProfileLock {

    private static final Logger log = LoggerFactory.getLogger(ProfileLock.class);
    private static final List<String> FILES =
            List.of("SingletonLock", "SingletonSocket", "SingletonCookie");

    private ProfileLock() {}

    /**
     * Removes stale singleton files from a profile directory.
     *
     * @throws IllegalStateException if a live Chromium on this host holds the profile
     */
    public static void clearStale(Path profileDir, String hostName) {
        Path lock = profileDir.resolve("SingletonLock");
        holder(lock)
                .filter(holder -> holder.host().equals(hostName) && isLiveChromium(holder.pid()))
                .ifPresent(
                        holder -> {
                            throw new IllegalStateException(
                                    "the browser profile "
                                            + profileDir
                                            + " is in use by Chromium pid "
                                            + holder.pid()
                                            + "; stop that browser or give this capability its"
                                            + " own profile directory");
                        });
        for (String name : FILES) {
            Path file = profileDir.resolve(name);
            try {
                if (Files.deleteIfExists(file)) {
                    log.info("removed stale {} from browser profile {}", name, profileDir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot remove " + file + "; check the profile directory's permissions", e);
            }
        }
    }

    /** Chromium's lock is a symlink whose target reads {@code <host>-<pid>}. */
    private static Optional<Holder> holder(Path lock) {
        if (!Files.isSymbolicLink(lock)) {
            return Optional.empty();
        }
        try {
            String target = Files.readSymbolicLink(lock).toString();
            int dash = target.lastIndexOf('-');
            if (dash <= 0) {
                return Optional.empty();
            }
            return Optional.of(
                    new Holder(
                            target.substring(0, dash), Long.parseLong(target.substring(dash + 1))));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isLiveChromium(long pid) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .flatMap(process -> process.info().command())
                .map(command -> command.contains("chrom"))
                .orElse(false);
    }

    /** The Chromium a lock names: its host and process id. */
    private record Holder(String host, long pid) {}
}
