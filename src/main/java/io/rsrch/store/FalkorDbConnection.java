package io.rsrch.store;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

import java.net.URI;

/** Opens the FalkorDB graph named by a {@code redis://[user:password@]host:port} address. */
public final class FalkorDbConnection {

    private static final int TIMEOUT_MILLIS = 5_000;

    private FalkorDbConnection() {}

    public static Graph open(String url, String graphName) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "RSRCH_FALKORDB_URL must look like redis://host:port", e);
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "RSRCH_FALKORDB_URL must look like redis://host:port, not " + redact(uri));
        }
        DefaultJedisClientConfig.Builder config =
                DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(TIMEOUT_MILLIS)
                        .socketTimeoutMillis(TIMEOUT_MILLIS)
                        .ssl("rediss".equals(uri.getScheme()));
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                if (colon > 0) {
                    config.user(userInfo.substring(0, colon));
                }
                config.password(userInfo.substring(colon + 1));
            } else {
                config.password(userInfo);
            }
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        JedisPooled redis = new JedisPooled(new HostAndPort(uri.getHost(), port), config.build());
        return new Graph(redis, graphName);
    }

    /** The address without its credentials, fit for a log line or an error. */
    public static String redact(URI uri) {
        return uri.getScheme()
                + "://"
                + uri.getHost()
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
