package io.rsrch.capability.browser;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Rewrites a CDP URL so its host is an IP address: Chromium's DevTools server refuses requests
 * whose Host header is neither an IP nor {@code localhost}, so a service name must be resolved
 * before connecting.
 */
public final class CdpAddress {

    private CdpAddress() {}

    /** The same URL with its host replaced by the address it resolves to now. */
    public static String resolve(String cdpUrl) {
        URI uri = URI.create(cdpUrl);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "the CDP URL needs a host, like http://chromium:9222, not " + cdpUrl);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new BrowserUnavailable(
                    "cannot resolve the CDP host "
                            + uri.getHost()
                            + "; check RSRCH_CDP_URL and the cluster DNS",
                    e);
        }
        String ip = address.getHostAddress();
        String host = address instanceof Inet6Address ? "[" + ip + "]" : ip;
        try {
            return new URI(
                            uri.getScheme(),
                            null,
                            host,
                            uri.getPort(),
                            uri.getPath(),
                            uri.getQuery(),
                            null)
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot rebuild CDP URL " + cdpUrl, e);
        }
    }
}
