package io.rsrch.capability;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Settings of one capability process: its port, how many tabs it drives, how calls queue, the token
 * that guards {@code /internal/*}, which site it drives and where its browser comes from.
 *
 * <p>Object fields left {@code null} take their defaults; {@code queueLimit < 0} means twice the
 * tabs. Use {@link #defaults(String, String)} and the {@code with...} copies to build one.
 *
 * @param port HTTP port; 0 picks a free one
 * @param tabs number of browser tabs, a hard cap on concurrent calls
 * @param queueLimit calls allowed to wait for a tab; more get 429 at once
 * @param queueWaitTimeout how long a waiting call waits for a tab before it gets 429
 * @param internalToken bearer token required on {@code /internal/*}
 * @param site {@code gemini} or {@code sandbox}; {@code instant}, for benchmarks only, answers
 *     every call at once with a generated report and launches no browser
 * @param chromiumPath the Chromium executable to launch
 * @param profileDir persistent browser profile (signed-in state), or null for a throwaway one
 * @param storageStatePath Playwright storage-state JSON applied to every new context, or null
 * @param cdpUrl attach to this running browser instead of launching one, or null
 * @param callTimeout longest a call may run when the caller gives no shorter {@code timeoutMs}
 * @param podName name reported with every result
 * @param sandboxBaseUrl where the sandbox site lives; null means this server's own {@code
 *     /sandbox/}
 * @param allowedHosts hosts pages may load besides the site's own
 * @param bindAddress the address to listen on; null for every interface (a pod's capability is
 *     called across the cluster)
 */
public record CapabilityConfig(
        int port,
        int tabs,
        int queueLimit,
        Duration queueWaitTimeout,
        String internalToken,
        String site,
        Path chromiumPath,
        Path profileDir,
        Path storageStatePath,
        String cdpUrl,
        Duration callTimeout,
        String podName,
        String sandboxBaseUrl,
        List<String> allowedHosts,
        String bindAddress) {

    public static final int DEFAULT_PORT = 3002;
    public static final int DEFAULT_TABS = 2;
    public static final Duration DEFAULT_QUEUE_WAIT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(30);
    public static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");

    public CapabilityConfig {
        if (internalToken == null || internalToken.isBlank()) {
            throw new IllegalArgumentException(
                    "an internal token is required: set RSRCH_INTERNAL_TOKEN to a long random"
                            + " secret shared with the workers");
        }
        if (!"gemini".equals(site) && !"sandbox".equals(site) && !"instant".equals(site)) {
            throw new IllegalArgumentException(
                    "site must be 'gemini' or 'sandbox' ('instant' only for benchmarks), not '"
                            + site
                            + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if (tabs < 1) {
            throw new IllegalArgumentException("tabs must be at least 1, not " + tabs);
        }
        queueLimit = queueLimit < 0 ? 2 * tabs : queueLimit;
        queueWaitTimeout = positiveOr(queueWaitTimeout, DEFAULT_QUEUE_WAIT, "queueWaitTimeout");
        callTimeout = positiveOr(callTimeout, DEFAULT_CALL_TIMEOUT, "callTimeout");
        chromiumPath = chromiumPath == null ? DEFAULT_CHROMIUM : chromiumPath;
        podName = podName == null || podName.isBlank() ? localHostName() : podName;
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        cdpUrl = cdpUrl == null || cdpUrl.isBlank() ? null : cdpUrl;
        sandboxBaseUrl = sandboxBaseUrl == null || sandboxBaseUrl.isBlank() ? null : sandboxBaseUrl;
        bindAddress = bindAddress == null || bindAddress.isBlank() ? null : bindAddress;
    }

    /** The default settings for a site, guarded by the given token. */
    public static CapabilityConfig defaults(String internalToken, String site) {
        return new CapabilityConfig(
                DEFAULT_PORT,
                DEFAULT_TABS,
                -1,
                null,
                internalToken,
                site,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public CapabilityConfig withPort(int value) {
        return with(copy -> copy.port = value);
    }

    /** A copy with another tab count; the queue limit follows as twice the tabs. */
    public CapabilityConfig withTabs(int value) {
        return with(
                copy -> {
                    copy.tabs = value;
                    copy.queueLimit = -1;
                });
    }

    public CapabilityConfig withQueue(int limit, Duration waitTimeout) {
        return with(
                copy -> {
                    copy.queueLimit = limit;
                    copy.queueWaitTimeout = waitTimeout;
                });
    }

    public CapabilityConfig withChromiumPath(Path value) {
        return with(copy -> copy.chromiumPath = value);
    }

    public CapabilityConfig withProfileDir(Path value) {
        return with(copy -> copy.profileDir = value);
    }

    public CapabilityConfig withCallTimeout(Duration value) {
        return with(copy -> copy.callTimeout = value);
    }

    public CapabilityConfig withPodName(String value) {
        return with(copy -> copy.podName = value);
    }

    public CapabilityConfig withBindAddress(String value) {
        return with(copy -> copy.bindAddress = value);
    }

    private CapabilityConfig with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** The components of a config being copied with some of them changed. */
    private static final class Copy {
        int port;
        int tabs;
        int queueLimit;
        Duration queueWaitTimeout;
        String internalToken;
        String site;
        Path chromiumPath;
        Path profileDir;
        Path storageStatePath;
        String cdpUrl;
        Duration callTimeout;
        String podName;
        String sandboxBaseUrl;
        List<String> allowedHosts;
        String bindAddress;

        Copy(CapabilityConfig from) {
            port = from.port;
            tabs = from.tabs;
            queueLimit = from.queueLimit;
            queueWaitTimeout = from.queueWaitTimeout;
            internalToken = from.internalToken;
            site = from.site;
            chromiumPath = from.chromiumPath;
            profileDir = from.profileDir;
            storageStatePath = from.storageStatePath;
            cdpUrl = from.cdpUrl;
            callTimeout = from.callTimeout;
            podName = from.podName;
            sandboxBaseUrl = from.sandboxBaseUrl;
            allowedHosts = from.allowedHosts;
            bindAddress = from.bindAddress;
        }

        CapabilityConfig build() {
            return new CapabilityConfig(
                    port,
                    tabs,
                    queueLimit,
                    queueWaitTimeout,
                    internalToken,
                    site,
                    chromiumPath,
                    profileDir,
                    storageStatePath,
                    cdpUrl,
                    callTimeout,
                    podName,
                    sandboxBaseUrl,
                    allowedHosts,
                    bindAddress);
        }
    }

    @Override
    public String toString() {
        // The token must never reach a log line, and records print every component.
        return "CapabilityConfig[port=%d, tabs=%d, queueLimit=%d, queueWaitTimeout=%s, site=%s,"
                        .formatted(port, tabs, queueLimit, queueWaitTimeout, site)
                + " chromiumPath=%s, profileDir=%s, storageStatePath=%s, cdpUrl=%s,"
                        .formatted(chromiumPath, profileDir, storageStatePath, cdpUrl)
                + " callTimeout=%s, podName=%s, sandboxBaseUrl=%s, allowedHosts=%s, bindAddress=%s]"
                        .formatted(callTimeout, podName, sandboxBaseUrl, allowedHosts, bindAddress);
    }

    private static Duration positiveOr(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return value;
    }

    private static String localHostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "capability";
        }
    }
}
