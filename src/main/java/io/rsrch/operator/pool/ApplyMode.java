package io.rsrch.operator.pool;

import java.util.Locale;

/** How the operator writes the objects it owns to the API server. */
public enum ApplyMode {
    /**
     * Server-side apply with a field manager of its own: the right choice on a real cluster, where
     * other controllers (an autoscaler, kubectl) may own fields of the same objects.
     */
    SERVER_SIDE,

    /**
     * Create, or replace with the last seen resource version: for API servers without server-side
     * apply, such as fabric8's mock server, which answers 415 to it.
     */
    UPDATE;

    /** The mode spelled {@code server-side} or {@code update}, in any case. */
    public static ApplyMode of(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "server-side", "server_side", "ssa" -> SERVER_SIDE;
            case "update" -> UPDATE;
            default ->
                    throw new IllegalArgumentException(
                            "apply mode must be server-side or update, not " + value);
        };
    }
}
