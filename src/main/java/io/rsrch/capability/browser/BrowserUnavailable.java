package io.rsrch.capability.browser;

import io.rsrch.capability.site.SiteFailure;
import io.rsrch.job.FailureReason;

/** No browser could be started or reached, so the call never got a working tab. */
public final class BrowserUnavailable extends SiteFailure {

    public BrowserUnavailable(String message, Throwable cause) {
        super(FailureReason.BROWSER_CRASHED, message, cause);
    }
}
