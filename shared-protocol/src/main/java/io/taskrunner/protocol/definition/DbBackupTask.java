package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;

/**
 * Backs up a datasource into {@code folder} with the database's own tool (H2 {@code BACKUP}/{@code SCRIPT},
 * {@code pg_dump}, {@code mysqldump}, {@code sqlcmd}), keeps the {@code keep} newest backups of this task, and
 * reports each file's size and SHA-256 after checking it can be read back.
 *
 * @param format {@code null} for the tool's default; for H2 {@code script} writes SQL instead of a zipped copy
 */
public record DbBackupTask(
        @JsonProperty(required = true) String datasource,
        @JsonProperty(required = true) String folder,
        int keep,
        String format) implements TaskSpec {

    public static final int DEFAULT_KEEP = 7;

    public DbBackupTask {
        Definitions.checkName(datasource, "datasource");
        Check.maxLength(Check.notBlank(folder, "folder"), 4096, "folder");
        keep = keep == 0 ? DEFAULT_KEEP : keep;
        Check.range(keep, 1, 10_000, "keep");
        Check.maxLength(format, 32, "format");
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.DB_BACKUP;
    }
}
