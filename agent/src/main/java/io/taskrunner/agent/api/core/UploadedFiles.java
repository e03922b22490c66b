package io.taskrunner.agent.api.core;

import io.taskrunner.agent.trigger.DeviceFiles;
import io.taskrunner.protocol.definition.DeviceFileLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Saves uploads for file parameters under {@code http-uploads/<task>/} in the data folder, with names the agent
 * makes up (the caller's file name is never used, so no upload can choose where it lands), within the upload limit.
 */
public final class UploadedFiles {
    public static final String FOLDER = "http-uploads";

    private final DeviceFiles files;
    private final DeviceFileLimits limits;

    public UploadedFiles(Path dataDir, Clock clock, long maxBytes) {
        this.files = DeviceFiles.under(dataDir.resolve(FOLDER), clock);
        this.limits = new DeviceFileLimits(Math.min(maxBytes, DeviceFileLimits.MAX_BYTES), null, null);
    }

    /** @throws io.taskrunner.protocol.ProtocolException naming {@code field} for an empty or too large file */
    public Path save(String task, RequestValues.Upload upload, String field) {
        return files.save(task, upload.bytes(), upload.contentType(), limits, field);
    }

    public static void delete(List<Path> saved) {
        saved.forEach(DeviceFiles::deleteQuietly);
    }
}
