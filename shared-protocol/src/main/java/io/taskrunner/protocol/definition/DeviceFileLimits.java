package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a trigger rule accepts as a device's file (a photo, an audio clip, any binary payload).
 *
 * @param maxBytes     largest payload saved; default 10 MiB, at most 64 MiB (the agent takes no larger message)
 * @param extension    the saved file's extension when the message names no content type; default {@code bin}
 * @param contentTypes content types (MQTT 5 property) accepted; empty accepts any, and then a message that names
 *                     one must name one we know an extension for
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DeviceFileLimits(long maxBytes, String extension, List<String> contentTypes) {
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,10}");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[a-z0-9.+-]+/[a-z0-9.+-]+");
    public static final DeviceFileLimits DEFAULT = new DeviceFileLimits(0, null, null);

    public DeviceFileLimits {
        maxBytes = maxBytes == 0 ? DEFAULT_MAX_BYTES : maxBytes;
        Check.range(maxBytes, 1, MAX_BYTES, "maxBytes");
        extension = extension == null ? "bin" : extension.toLowerCase(Locale.ROOT);
        if (!EXTENSION.matcher(extension).matches()) {
            throw new ProtocolException("extension", "'" + extension + "' must be 1 to 10 letters or digits");
        }
        contentTypes = Check.listOf(contentTypes, 64, "contentTypes").stream()
                .map(type -> type.toLowerCase(Locale.ROOT)).toList();
        for (int i = 0; i < contentTypes.size(); i++) {
            if (!CONTENT_TYPE.matcher(contentTypes.get(i)).matches()) {
                throw new ProtocolException("contentTypes[" + i + "]", "'" + contentTypes.get(i)
                        + "' is not a content type like image/jpeg");
            }
        }
    }
}
