package io.rsrch.store;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders query parameters as FalkorDB's {@code CYPHER name=value ...} preamble, the way the server
 * receives parameters apart from the query text. Values are typed literals (strings are escaped,
 * never spliced into the query itself), so user text cannot change what a query does.
 */
final class CypherParameters {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private CypherParameters() {}

    static String preamble(Map<String, ?> parameters) {
        if (parameters.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("CYPHER ");
        for (Map.Entry<String, ?> entry : parameters.entrySet()) {
            requireName(entry.getKey());
            out.append(entry.getKey()).append('=');
            appendValue(out, entry.getValue());
            out.append(' ');
        }
        return out.toString();
    }

    private static void requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid parameter name: " + name);
        }
    }

    private static void appendValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            appendString(out, text);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("parameters must be finite numbers");
            }
            out.append(number);
        } else if (value instanceof Enum<?> constant) {
            appendString(out, constant.name());
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            String separator = "";
            for (Object item : items) {
                out.append(separator);
                appendValue(out, item);
                separator = ", ";
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                requireName(key);
                out.append(separator).append(key).append(": ");
                appendValue(out, entry.getValue());
                separator = ", ";
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException(
                    "unsupported parameter type: " + value.getClass().getName());
        }
    }

    private static void appendString(StringBuilder out, String text) {
        if (text.indexOf('\0') >= 0) {
            // FalkorDB reads parameters as C strings: a NUL would end the text early.
            throw new IllegalArgumentException("text with a NUL character cannot be stored");
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }
}
