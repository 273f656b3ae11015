package io.rsrch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were measured on: cores, CPU model, memory, Java and operating system. */
public record Machine(int cores, String cpuModel, String memory, String java, String os) {

    /** Reads this machine from the JVM and {@code /proc}. */
    public static Machine current() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                procField("/proc/cpuinfo", "model name"),
                readMemory(),
                System.getProperty("java.vm.name") + " " + Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /** One line per fact, for the report's header. */
    public List<String> lines() {
        return List.of(
                "nproc:  " + cores,
                "cpu:    " + cpuModel,
                "memory: " + memory,
                "java:   " + java,
                "os:     " + os,
                "load:   "
                        + loadAverage()
                        + " (1, 5, 15 min; other work on the machine skews figures)");
    }

    /** The load averages now, from {@code /proc/loadavg}. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private static String readMemory() {
        String total = procField("/proc/meminfo", "MemTotal");
        String[] parts = total.split("\\s+");
        try {
            long kib = Long.parseLong(parts[0]);
            return "%.1f GiB".formatted(kib / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return total;
        }
    }

    private static String procField(String file, String name) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
        } catch (IOException e) {
            return "unknown (" + file + " unreadable: " + e.getMessage() + ")";
        }
        return "unknown";
    }
}
