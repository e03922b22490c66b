package io.taskrunner.agent.watchdog.check;

import io.taskrunner.protocol.definition.watchdog.FileAgeCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Compares the file's last modification with the clock. */
final class FileAgeProbe implements Probe {
    private final FileAgeCheck check;
    private final Path path;
    private final Clock clock;

    FileAgeProbe(FileAgeCheck check, Clock clock) {
        this.check = check;
        this.path = Path.of(check.path());
        this.clock = clock;
    }

    @Override
    public CheckResult run() throws IOException {
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(path).toInstant();
        } catch (NoSuchFileException e) {
            return CheckResult.failed("watchdog.check.file.missing", check.path());
        }
        long age = Duration.between(modified, clock.instant()).toSeconds();
        return age > check.maxAgeSeconds()
                ? CheckResult.failed("watchdog.check.file.stale", check.path(), age, check.maxAgeSeconds())
                : CheckResult.ok();
    }
}
