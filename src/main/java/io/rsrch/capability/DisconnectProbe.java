package io.rsrch.capability;

import io.javalin.http.Context;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Notices that the client of a long call has gone away. Jetty does not read a connection while an
 * async request waits, so nobody sees the client's FIN or RST; this probe reads from the
 * connection's {@link EndPoint} itself every {@value #PERIOD_MS} ms and reports end-of-stream or an
 * I/O error.
 *
 * <p>Limitation: a byte that arrives while a call runs (a client pipelining its next request on the
 * same connection) is consumed by the probe; the answer then carries {@code Connection: close} so
 * that client resends on a new connection instead of reading garbage. HTTP/1.1 clients in practice
 * (OkHttp, fetch) do not pipeline.
 */
final class DisconnectProbe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DisconnectProbe.class);
    static final long PERIOD_MS = 250;

    private final EndPoint endPoint;
    private final Runnable onGone;
    private final ByteBuffer scratch = ByteBuffer.allocate(1);
    private ScheduledFuture<?> task;
    private boolean stopped;
    private boolean consumedInput;

    private DisconnectProbe(EndPoint endPoint, Runnable onGone) {
        this.endPoint = endPoint;
        this.onGone = onGone;
    }

    /** Starts watching the request's connection; {@code onGone} runs at most once. */
    static DisconnectProbe watch(Context ctx, ScheduledExecutorService timer, Runnable onGone) {
        EndPoint endPoint = Request.getBaseRequest(ctx.req()).getHttpChannel().getEndPoint();
        DisconnectProbe probe = new DisconnectProbe(endPoint, onGone);
        synchronized (probe) {
            probe.task =
                    timer.scheduleWithFixedDelay(
                            probe::probe, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        }
        return probe;
    }

    private void probe() {
        boolean gone;
        synchronized (this) {
            if (stopped) {
                return;
            }
            gone = isGone();
            if (gone) {
                stopped = true;
                task.cancel(false);
            }
        }
        if (gone) {
            log.info("the caller closed its connection");
            onGone.run();
        }
    }

    private boolean isGone() {
        if (!endPoint.isOpen() || endPoint.isInputShutdown()) {
            return true;
        }
        try {
            // Jetty buffers are in "flush mode": empty means position == limit == 0.
            scratch.clear().flip();
            int read = endPoint.fill(scratch);
            if (read > 0) {
                consumedInput = true;
            }
            return read < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Whether the probe swallowed request bytes, so the connection must not be reused. */
    synchronized boolean consumedInput() {
        return consumedInput;
    }

    /** Stops probing; after this returns the probe never touches the connection again. */
    @Override
    public synchronized void close() {
        stopped = true;
        if (task != null) {
            task.cancel(false);
        }
    }
}
