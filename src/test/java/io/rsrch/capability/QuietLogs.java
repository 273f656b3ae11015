package io.rsrch.capability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Keeps test output readable: without a logback file Jetty and Playwright log at DEBUG. */
final class QuietLogs {

    private QuietLogs() {}

    static void apply() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
    }
}
