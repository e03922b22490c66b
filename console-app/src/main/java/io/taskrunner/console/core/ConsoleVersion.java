package io.taskrunner.console.core;

/** The console's version from its jar manifest; {@code dev} when run from classes. */
public final class ConsoleVersion {
    private ConsoleVersion() {
    }

    public static String current() {
        String version = ConsoleVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
