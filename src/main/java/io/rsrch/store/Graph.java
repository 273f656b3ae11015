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

/**
 * One FalkorDB graph reached through a pooled Redis connection. Queries always travel with their
 * parameters apart from the text; results come back as rows of scalar columns.
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

    private final JedisPooled redis;
    private final String name;
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();

    public Graph(JedisPooled redis, String name) {
        this.redis = redis;
        this.name = name;
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
        reconnectListeners.add(listener);
    }

    /** Answers whether the server is reachable. */
    public boolean ping() {
        try {
            return "PONG".equals(redis.ping());
        } catch (JedisException e) {
            return false;
        }
    }

    private List<Map<String, Object>> run(
            Command command, String cypher, Map<String, ?> parameters) {
        String text = CypherParameters.preamble(parameters) + cypher;
        Object reply;
        try {
            reply = redis.sendCommand(command, name, text);
        } catch (JedisDataException e) {
            // The server answered and refused the query: retrying cannot help.
            throw new IllegalStateException("FalkorDB refused a query: " + e.getMessage(), e);
        } catch (JedisException e) {
            unreachable.set(true);
            throw new StoreUnavailableException(
                    "cannot reach FalkorDB: "
                            + e.getMessage()
                            + "; check that it runs and that RSRCH_FALKORDB_URL points at it",
                    e);
        }
        if (unreachable.compareAndSet(true, false)) {
            reconnectListeners.forEach(Runnable::run);
        }
        return rows(reply);
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
        redis.close();
    }
}
