package io.rsrch.store;

import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.SafeEncoder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One FalkorDB graph reached through a pooled Redis connection. Queries always travel with their
 * parameters apart from the text; results come back as rows of scalar columns. Graphs opened with
 * {@link #sibling} share the connection, and with it what is known about the server being
 * reachable.
 */
public final class Graph implements AutoCloseable {

    private enum Command implements ProtocolCommand {
        QUERY("GRAPH.QUERY"),
        RO_QUERY("GRAPH.RO_QUERY");

        private final byte[] raw;

        Command(String name) {
            this.raw = SafeEncoder.encode(name);
        }

        @Override
        public byte[] getRaw() {
            return raw;
        }
    }

    /** The server connection and its reachability, shared by sibling graphs. */
    private static final class Server {
        final JedisPooled redis;
        final AtomicBoolean unreachable = new AtomicBoolean();
        final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();

        Server(JedisPooled redis) {
            this.redis = redis;
        }
    }

    private final Server server;
    private final String name;
    private final boolean ownsConnection;

    public Graph(JedisPooled redis, String name) {
        this(new Server(redis), name, true);
    }

    private Graph(Server server, String name, boolean ownsConnection) {
        this.server = server;
        this.name = name;
        this.ownsConnection = ownsConnection;
    }

    /** Another graph on the same server and connection; closing it leaves the connection open. */
    public Graph sibling(String otherName) {
        return new Graph(server, otherName, false);
    }

    public String name() {
        return name;
    }

    /** Runs a query that may write. */
    public List<Map<String, Object>> query(String cypher, Map<String, ?> parameters) {
        return run(Command.QUERY, cypher, parameters);
    }

    /** Runs a read-only query. */
    public List<Map<String, Object>> read(String cypher, Map<String, ?> parameters) {
        return run(Command.RO_QUERY, cypher, parameters);
    }

    /**
     * Calls the listener each time FalkorDB answers a query again after one that could not reach
     * it.
     */
    public void onReconnect(Runnable listener) {
        server.reconnectListeners.add(listener);
    }

    /** Answers whether the server is reachable. */
    public boolean ping() {
        try {
            return "PONG".equals(server.redis.ping());
        } catch (JedisException e) {
            return false;
        }
    }

    /**
     * Adds members to a Redis set kept beside the graph, under the graph's name and {@code suffix};
     * answers how many were not members before.
     */
    public long addToSet(String suffix, String... members) {
        return call(redis -> redis.sadd(name + suffix, members));
    }

    private List<Map<String, Object>> run(
            Command command, String cypher, Map<String, ?> parameters) {
        String text = CypherParameters.preamble(parameters) + cypher;
        return rows(call(redis -> redis.sendCommand(command, name, text)));
    }

    private <T> T call(Function<JedisPooled, T> command) {
        T reply;
        try {
            reply = command.apply(server.redis);
        } catch (JedisDataException e) {
            if (!notReadyYet(e)) {
                // The server answered and refused the query: retrying cannot help.
                throw new IllegalStateException("FalkorDB refused a query: " + e.getMessage(), e);
            }
            server.unreachable.set(true);
            throw new StoreUnavailableException(
                    "FalkorDB is not ready yet: " + e.getMessage() + "; retry shortly", e);
        } catch (JedisException e) {
            server.unreachable.set(true);
            throw new StoreUnavailableException(
                    "cannot reach FalkorDB: "
                            + e.getMessage()
                            + "; check that it runs and that RSRCH_FALKORDB_URL points at it",
                    e);
        }
        if (server.unreachable.compareAndSet(true, false)) {
            server.reconnectListeners.forEach(Runnable::run);
        }
        return reply;
    }

    /**
     * Refusals that only mean "not now": a server still loading its data after a restart, one busy
     * with a script, a replica that lost its primary. The query may well succeed later.
     */
    private static boolean notReadyYet(JedisDataException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("LOADING")
                || message.startsWith("BUSY")
                || message.startsWith("MASTERDOWN")
                || message.startsWith("TRYAGAIN");
    }

    private static List<Map<String, Object>> rows(Object reply) {
        List<?> sections = (List<?>) reply;
        if (sections.size() < 3) {
            return List.of();
        }
        List<?> header = (List<?>) sections.get(0);
        List<String> columns = new ArrayList<>(header.size());
        for (Object column : header) {
            columns.add(text(column));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object rawRow : (List<?>) sections.get(1)) {
            List<?> cells = (List<?>) rawRow;
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                row.put(columns.get(i), scalar(cells.get(i)));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object scalar(Object cell) {
        if (cell instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return cell;
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(value);
    }

    @Override
    public void close() {
        if (ownsConnection) {
            server.redis.close();
        }
    }
}
