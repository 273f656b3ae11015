package io.rsrch.bench;

import redis.clients.jedis.JedisPooled;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by this JVM and by the FalkorDB server ({@code INFO cpu}), so a run can say
 * how much work each job cost whatever else the machine was doing.
 */
final class CpuClock implements AutoCloseable {

    /** USER_HZ, which Linux fixes at 100 on every common architecture. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

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

    /**
     * CPU seconds the JIT compiler threads have used, read from {@code /proc} (Linux; NaN
     * elsewhere). The JVM's own compilation time is wall time summed over threads, which a busy
     * machine inflates.
     */
    double compilerSeconds() {
        Path tasks = Path.of("/proc/self/task");
        double ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0
                        || close < open
                        || !stat.substring(open + 1, close).contains("Compiler")) {
                    continue;
                }
                // After the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt
                // cmajflt utime stime ...
                String[] fields = stat.substring(close + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return ticks / CLOCK_TICKS_PER_SECOND;
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
