package io.rsrch.capability.site;

import io.rsrch.capability.call.CallSignal;
import io.rsrch.job.Report;

import com.microsoft.playwright.Page;

/** Turns one query into a finished report while its call holds a leased tab. */
public interface SiteAdapter {

    /**
     * Researches the query in the leased tab's fresh page and returns the finished report.
     *
     * @param page the lease's page, or null when the pool runs without a browser
     * @param guard the page's navigation guard, or null when there is no page
     * @throws SiteFailure for every way the research can fail
     */
    Report research(Page page, NavigationGuard guard, CallSignal signal, String query, String gem);
}
