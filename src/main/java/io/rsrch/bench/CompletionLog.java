package io.rsrch.bench;

import io.rsrch.job.JobLifecycle;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notes when each job became {@code completed} in FalkorDB: {@link JobLifecycle} logs the
 * transition right after the commit's compare-and-set query has answered, and this appender keeps
 * that event's time per job id.
 */
final class CompletionLog extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final String COMPLETED = "processing -> completed";

    private final Map<String, Long> completedAtMicros = new ConcurrentHashMap<>();

    /** Attaches a new log to the lifecycle's logger; it stays attached until {@link #detach}. */
    static CompletionLog attach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        CompletionLog log = new CompletionLog();
        log.setContext(context);
        log.setName("bench-completions");
        log.start();
        Logger lifecycle = context.getLogger(JobLifecycle.class);
        if (!lifecycle.isInfoEnabled()) {
            throw new IllegalStateException(
                    "the bench reads completions from JobLifecycle's INFO log; unset"
                            + " RSRCH_LOG_LEVEL or set it to INFO");
        }
        lifecycle.addAppender(log);
        return log;
    }

    void detach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(JobLifecycle.class).detachAppender(this);
        stop();
    }

    @Override
    protected void append(ILoggingEvent event) {
        Object[] arguments = event.getArgumentArray();
        if (arguments != null
                && arguments.length > 0
                && event.getMessage() != null
                && event.getMessage().contains(COMPLETED)) {
            Instant at = event.getInstant();
            completedAtMicros.putIfAbsent(
                    String.valueOf(arguments[0]), ChronoUnit.MICROS.between(Instant.EPOCH, at));
        }
    }

    /** When the job's commit was answered, in epoch microseconds, or null if not (yet). */
    Long completedAt(String jobId) {
        return completedAtMicros.get(jobId);
    }
}
