package io.rsrch.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The internal token shared by the api, the workers and the capabilities, given or in a file. */
final class InternalTokenOptions {

    @Option(
            names = "--internal-token",
            defaultValue = "${env:RSRCH_INTERNAL_TOKEN}",
            description = "Bearer token of the /internal endpoints (env RSRCH_INTERNAL_TOKEN).")
    String token;

    @Option(
            names = "--internal-token-file",
            defaultValue = "${env:RSRCH_INTERNAL_TOKEN_FILE}",
            description =
                    "File holding the internal token, e.g. a mounted Secret (env RSRCH_INTERNAL_TOKEN_FILE).")
    Path tokenFile;

    /** The token, or null when none is given. */
    String read() {
        return Secrets.read(token, tokenFile);
    }
}
