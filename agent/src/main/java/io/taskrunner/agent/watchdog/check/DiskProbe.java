package io.taskrunner.agent.watchdog.check;

import io.taskrunner.protocol.definition.watchdog.DiskCheck;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free space of the file system holding the path, as a user of it can use it. */
final class DiskProbe implements Probe {
    private static final long MEGABYTE = 1024 * 1024;
    private final DiskCheck check;

    DiskProbe(DiskCheck check) {
        this.check = check;
    }

    @Override
    public CheckResult run() throws IOException {
        FileStore store = Files.getFileStore(Path.of(check.path()));
        long total = store.getTotalSpace();
        long free = store.getUsableSpace();
        double percent = total == 0 ? 0 : 100.0 * free / total;
        if (check.minFreePercent() > 0 && percent < check.minFreePercent()) {
            return CheckResult.failed("watchdog.check.disk.percent", check.path(), Math.round(percent * 10) / 10.0,
                    check.minFreePercent());
        }
        if (check.minFreeMegabytes() > 0 && free / MEGABYTE < check.minFreeMegabytes()) {
            return CheckResult.failed("watchdog.check.disk.megabytes", check.path(), free / MEGABYTE,
                    check.minFreeMegabytes());
        }
        return CheckResult.ok();
    }
}
