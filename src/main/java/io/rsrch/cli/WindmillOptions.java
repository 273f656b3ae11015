package io.rsrch.cli;

import io.rsrch.windmill.WindmillSettings;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where Windmill is; when set, Windmill runs the workers instead of this process. */
final class WindmillOptions {

    @Option(
            names = "--windmill-url",
            defaultValue = "${env:RSRCH_WINDMILL_URL}",
            description =
                    "Windmill base URL, e.g. http://windmill-app:8000; when set, attempts run as Windmill jobs of f/rsrch/worker (env RSRCH_WINDMILL_URL).")
    String url;

    @Option(
            names = "--windmill-workspace",
            defaultValue = "${env:RSRCH_WINDMILL_WORKSPACE:-rsrch}",
            description =
                    "Windmill workspace holding f/rsrch/worker (env RSRCH_WINDMILL_WORKSPACE; default ${DEFAULT-VALUE}).")
    String workspace;

    @Option(
            names = "--windmill-token",
            defaultValue = "${env:RSRCH_WINDMILL_TOKEN}",
            description =
                    "Windmill token allowed to run f/rsrch/worker (env RSRCH_WINDMILL_TOKEN).")
    String token;

    @Option(
            names = "--windmill-token-file",
            defaultValue = "${env:RSRCH_WINDMILL_TOKEN_FILE}",
            description = "File holding the Windmill token (env RSRCH_WINDMILL_TOKEN_FILE).")
    Path tokenFile;

    @Option(
            names = "--windmill-tag",
            defaultValue = "${env:RSRCH_WINDMILL_TAG}",
            description =
                    "Worker tag to run on, for a dedicated worker group (env RSRCH_WINDMILL_TAG; default the script's own tag).")
    String tag;

    /** The settings, or null when no Windmill URL is configured. */
    WindmillSettings settingsOrNull() {
        if (url == null || url.isBlank()) {
            return null;
        }
        return new WindmillSettings(url, workspace, Secrets.read(token, tokenFile), tag);
    }
}
