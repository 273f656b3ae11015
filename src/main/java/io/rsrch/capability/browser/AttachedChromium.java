package io.rsrch.capability.browser;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * A browser running elsewhere (a sidecar or a remote Chromium) reached at a CDP URL; its host name
 * is resolved to an IP on every connect because DevTools rejects other Host headers.
 */
public final class AttachedChromium implements Chromium {

    private static final Logger log = LoggerFactory.getLogger(AttachedChromium.class);

    private final String cdpUrl;
    private final boolean useDefaultContext;

    /**
     * @param cdpUrl the browser's DevTools HTTP address, e.g. {@code http://chromium:9222}
     * @param useDefaultContext whether pages open in the browser's own profile rather than in a
     *     fresh context per call
     */
    public AttachedChromium(String cdpUrl, boolean useDefaultContext) {
        this.cdpUrl = cdpUrl;
        this.useDefaultContext = useDefaultContext;
        log.info("attaching to the browser at {}", cdpUrl);
    }

    @Override
    public CdpEndpoint endpoint() {
        return new CdpEndpoint(CdpAddress.resolve(cdpUrl), 0);
    }

    @Override
    public boolean isCurrent(long generation) {
        return true;
    }

    @Override
    public boolean connected() {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection)
                            URI.create(
                                            CdpAddress.resolve(cdpUrl).replaceAll("/+$", "")
                                                    + "/json/version")
                                    .toURL()
                                    .openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(1000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public int launches() {
        return 0;
    }

    @Override
    public boolean usesDefaultContext() {
        return useDefaultContext;
    }

    @Override
    public void close() {}
}
