package io.taskrunner.agent.trigger;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.DeviceFileLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Saves a device's binary payload (a photo, an audio clip) as a file for the task: under
 * {@code device-files/<rule>/} in the agent's data folder (HTTP uploads under a folder of their own), with a name
 * the agent makes up (time and a random part), never one the device sent, so no payload can choose where it lands.
 */
public final class DeviceFiles {
    static final String FOLDER = "device-files";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);
    /** Extensions for the content types devices commonly send. */
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("image/jpeg", "jpg"), Map.entry("image/png", "png"), Map.entry("image/gif", "gif"),
            Map.entry("image/webp", "webp"), Map.entry("image/bmp", "bmp"), Map.entry("audio/wav", "wav"),
            Map.entry("audio/x-wav", "wav"), Map.entry("audio/mpeg", "mp3"), Map.entry("audio/ogg", "ogg"),
            Map.entry("video/mp4", "mp4"), Map.entry("application/pdf", "pdf"), Map.entry("text/plain", "txt"),
            Map.entry("text/csv", "csv"), Map.entry("application/json", "json"),
            Map.entry("application/octet-stream", "bin"));

    private final Path root;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    DeviceFiles(Path dataDir, Clock clock) {
        this(clock, dataDir.resolve(FOLDER));
    }

    private DeviceFiles(Clock clock, Path root) {
        this.root = root;
        this.clock = clock;
    }

    /** Files saved under {@code root/<name>/} instead of the data folder's {@code device-files}. */
    public static DeviceFiles under(Path root, Clock clock) {
        return new DeviceFiles(clock, root);
    }

    /**
     * Writes {@code payload} for rule {@code rule} (a folder name: a checked rule or task name) and returns the file.
     *
     * @throws ProtocolException naming {@code field} when the payload is too large, empty, or of a content type the
     *                           rule does not accept
     */
    public Path save(String rule, byte[] payload, String contentType, DeviceFileLimits limits, String field) {
        if (payload.length == 0) {
            throw new ProtocolException(field, "the message carries no file (empty payload)");
        }
        if (payload.length > limits.maxBytes()) {
            throw new ProtocolException(field, "the file is " + payload.length + " bytes; this rule takes at most "
                    + limits.maxBytes());
        }
        String type = contentType == null ? null : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!limits.contentTypes().isEmpty() && (type == null || !limits.contentTypes().contains(type))) {
            throw new ProtocolException(field, (type == null ? "the message names no content type"
                    : "content type '" + type + "' is not accepted") + "; this rule takes "
                    + String.join(", ", limits.contentTypes()));
        }
        String extension = type == null ? limits.extension() : EXTENSIONS.getOrDefault(type, limits.extension());
        byte[] unique = new byte[4];
        random.nextBytes(unique);
        Path dir = root.resolve(rule);
        Path file = dir.resolve(STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(unique) + "."
                + extension);
        try {
            Files.createDirectories(dir);
            Files.write(file, payload, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the device's file as " + file, e);
        }
        return file;
    }

    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the retention of the data folder is the operator's; a leftover file is no harm
        }
    }
}
