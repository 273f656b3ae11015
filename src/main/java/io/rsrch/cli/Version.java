package io.rsrch.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version written into the jar's manifest. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"rsrch " + (version == null ? "development build" : version)};
    }
}
