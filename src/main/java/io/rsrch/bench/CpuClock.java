package io.rsrch.bench;

import redis.clients.jedis.JedisPooled;

import java.lang.management.ManagementFactory;
import java.net.URI;

/**
 * CPU time used so far by this JVM and by the FalkorDB server ({@code INFO cpu}), so a run can say
 * how much work each job cost whatever else the machine was doing.
 */
final class CpuClock implements AutoCloseable {

    private final JedisPooled falkordb;

    CpuClock(String falkordbUrl) {
        URI uri = URI.create(falkordbUrl);
        this.falkordb = new JedisPooled(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort());
    }

    /** CPU seconds of this JVM, all threads. */
    double jvmSeconds() {
        return ((com.sun.management.OperatingSystemMXBean)
                                ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    /** CPU seconds of the FalkorDB server process, or NaN when it does not say. */
    double falkordbSeconds() {
        try {
            double total = 0;
            for (String line : falkordb.info("cpu").split("\r?\n")) {
                if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                    total += Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
                }
            }
            return total;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        falkordb.close();
    }
}
