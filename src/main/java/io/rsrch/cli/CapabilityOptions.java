package io.rsrch.cli;

import io.rsrch.capability.CapabilityConfig;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** How a capability runs its browser and guards its tabs. */
final class CapabilityOptions {

    @Option(
            names = "--capability-port",
            defaultValue = "${env:RSRCH_CAPABILITY_PORT:-3002}",
            description =
                    "Port of the capability's endpoints (env RSRCH_CAPABILITY_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--tabs",
            defaultValue = "${env:RSRCH_TABS:-2}",
            description =
                    "Browser tabs, the hard cap on calls at once (env RSRCH_TABS; default ${DEFAULT-VALUE}).")
    int tabs;

    @Option(
            names = "--queue-limit",
            defaultValue = "${env:RSRCH_TAB_QUEUE:--1}",
            description =
                    "Calls that may wait for a free tab before 429; -1 means twice the tabs (env RSRCH_TAB_QUEUE).")
    int queueLimit;

    @Option(
            names = "--site",
            defaultValue = "${env:RSRCH_SITE:-sandbox}",
            description =
                    "Site to drive: gemini or sandbox (env RSRCH_SITE; default ${DEFAULT-VALUE}).")
    String site;

    @Option(
            names = "--chromium",
            defaultValue = "${env:RSRCH_CHROMIUM:-/usr/bin/chromium}",
            description = "Chromium executable (env RSRCH_CHROMIUM; default ${DEFAULT-VALUE}).")
    Path chromium;

    @Option(
            names = "--browser-profile",
            defaultValue = "${env:RSRCH_BROWSER_PROFILE}",
            description =
                    "Persistent, signed-in Chromium profile directory (env RSRCH_BROWSER_PROFILE).")
    Path profile;

    @Option(
            names = "--storage-state",
            defaultValue = "${env:RSRCH_STORAGE_STATE}",
            description =
                    "Playwright storage-state file with the signed-in cookies (env RSRCH_STORAGE_STATE).")
    Path storageState;

    @Option(
            names = "--cdp-url",
            defaultValue = "${env:RSRCH_BROWSER_CDP_URL}",
            description =
                    "Attach to a running browser over CDP instead of launching one (env RSRCH_BROWSER_CDP_URL).")
    String cdpUrl;

    @Option(
            names = "--allowed-host",
            split = ",",
            defaultValue = "${env:RSRCH_ALLOWED_HOSTS}",
            description = "Extra hosts pages may load, comma separated (env RSRCH_ALLOWED_HOSTS).")
    List<String> allowedHosts;

    @Option(
            names = "--pod-name",
            defaultValue = "${env:RSRCH_POD_NAME}",
            description =
                    "Name reported with each result (env RSRCH_POD_NAME; default the host name).")
    String podName;

    CapabilityConfig toConfig(String token, Duration callTimeout) {
        return new CapabilityConfig(
                port,
                tabs,
                queueLimit,
                null,
                token,
                site,
                chromium,
                profile,
                storageState,
                cdpUrl,
                callTimeout,
                podName,
                null,
                allowedHosts,
                null);
    }
}
