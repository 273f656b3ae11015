package io.rsrch.capability.browser;

/**
 * The one browser a capability drives, reached over the Chrome DevTools Protocol: either a Chromium
 * process this capability launched or a remote one it attaches to.
 */
public interface Chromium extends AutoCloseable {

    /**
     * The endpoint to connect to now. If the browser has died it is started again (once, under a
     * lock, however many tabs ask at the same time).
     *
     * @throws BrowserUnavailable if no browser can be reached
     */
    CdpEndpoint endpoint();

    /** Whether the endpoint of the given generation is still the live browser. */
    boolean isCurrent(long generation);

    /** Whether the browser is up right now (cheap; used by health). */
    boolean connected();

    /** How many times a browser process was started; 0 when attached to a remote one. */
    int launches();

    /** Whether pages should use the browser's default context (its own persistent profile). */
    boolean usesDefaultContext();

    /** The process id of the launched browser, if this capability launched one. */
    default long pid() {
        return -1;
    }

    @Override
    void close();
}
