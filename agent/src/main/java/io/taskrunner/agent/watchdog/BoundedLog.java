package io.taskrunner.agent.watchdog;

import io.taskrunner.agent.executor.OutputListener;
import io.taskrunner.agent.executor.OutputStreamKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervised program's output, appended to {@code <name>.log}; once that reaches the size limit it becomes
 * {@code <name>.log.1} (replacing the previous one) and a new file starts, so at most twice the limit is kept.
 * Called by the executor's threads one at a time.
 */
final class BoundedLog implements OutputListener {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedLog.class);

    private final Path file;
    private final Path previous;
    private final long maxBytes;
    private long size;
    private boolean broken;

    BoundedLog(Path file, long maxBytes) {
        this.file = file;
        this.previous = file.resolveSibling(file.getFileName() + ".1");
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(file.getParent());
            size = Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            LOG.warn("cannot prepare the output log {}: {}", file, e.getMessage());
            broken = true;
        }
    }

    @Override
    public synchronized void onOutput(OutputStreamKind stream, String text) {
        if (broken) {
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            if (size > 0 && size + bytes.length > maxBytes) {
                Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING);
                size = 0;
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                out.write(bytes);
            }
            size += bytes.length;
        } catch (IOException e) {
            // the program must keep running even when its log cannot be written; say so once
            LOG.warn("cannot write the output log {}; output is dropped from now on: {}", file, e.getMessage());
            broken = true;
        }
    }
}
