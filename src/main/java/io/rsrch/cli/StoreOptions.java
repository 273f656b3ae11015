package io.rsrch.cli;

import picocli.CommandLine.Option;

/** Where FalkorDB is: shared by every role that reads or writes jobs. */
final class StoreOptions {

    @Option(
            names = "--falkordb-url",
            defaultValue = "${env:RSRCH_FALKORDB_URL:-redis://127.0.0.1:6379}",
            description =
                    "FalkorDB address, redis://[user:password@]host:port (env RSRCH_FALKORDB_URL; default ${DEFAULT-VALUE}).")
    String falkordbUrl;

    @Option(
            names = "--graph",
            defaultValue = "${env:RSRCH_GRAPH:-rsrch}",
            description =
                    "FalkorDB graph that holds unfinished jobs; finished ones move to"
                            + " <graph>_history (env RSRCH_GRAPH; default ${DEFAULT-VALUE}).")
    String graph;
}
