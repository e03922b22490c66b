package io.taskrunner.agent.task;

import java.util.Locale;

/** The operating system families whose commands differ (shells, browsers, power, interpreters). */
public enum HostOs {
    WINDOWS, MAC, LINUX, OTHER;

    public static HostOs current() {
        return of(System.getProperty("os.name", ""));
    }

    public static HostOs of(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.startsWith("windows")) {
            return WINDOWS;
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return MAC;
        }
        return name.startsWith("linux") ? LINUX : OTHER;
    }
}
