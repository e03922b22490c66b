package io.taskrunner.console.core;

import java.nio.file.Path;

/** Facts about this console for the Settings view and logs. */
public record ConsoleInfo(Path dataDir, String brokerHost, int brokerPort, String version) {
}
