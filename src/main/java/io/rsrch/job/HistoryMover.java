package io.rsrch.job;

import io.rsrch.store.StoreUnavailableException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Moves finished jobs to the store's history every interval, so the jobs that still change stay few
 * and their transitions fast however many jobs have run. Every process that supervises jobs runs
 * one; moves are safe to run side by side.
 */
public final class HistoryMover implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HistoryMover.class);
    static final int BATCH = 500;

    /** How often a running rsrch moves finished jobs. */
    public static final Duration EVERY_SECOND = Duration.ofSeconds(1);

    private final JobStore store;
    private final Duration interval;
    private final ScheduledExecutorService loop = Loop.named("rsrch-history");

    public HistoryMover(JobStore store, Duration interval) {
        this.store = store;
        this.interval = interval;
    }

    public void start() {
        loop.scheduleWithFixedDelay(
                this::moveSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Moves every finished job there is now, a batch at a time; answers how many. */
    public int moveAll() {
        int moved = 0;
        int batch;
        do {
            batch = store.moveFinishedToHistory(BATCH);
            moved += batch;
        } while (batch == BATCH);
        return moved;
    }

    private void moveSafely() {
        try {
            int moved = moveAll();
            if (moved > 0) {
                log.debug("moved {} finished jobs to the history", moved);
            }
        } catch (StoreUnavailableException e) {
            log.debug("finished jobs stay put until FalkorDB answers: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("moving finished jobs to the history failed; will try again", e);
        }
    }

    @Override
    public void close() {
        Loop.stop(loop);
    }
}
