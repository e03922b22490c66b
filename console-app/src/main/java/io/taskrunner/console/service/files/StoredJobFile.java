package io.taskrunner.console.service.files;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A job file the console keeps: one upload under a name. Several may share their bytes ({@code sha256}).
 *
 * @param size bytes
 */
public record StoredJobFile(UUID id, String name, String sha256, long size, Instant createdAt) {

    public StoredJobFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
