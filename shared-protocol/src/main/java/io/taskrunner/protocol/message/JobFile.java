package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.net.URI;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A file a run needs before its task starts: the agent fetches {@code url} (the console's HTTPS file endpoint, with
 * its client certificate), checks that it has {@code size} bytes whose SHA-256 is {@code sha256}, and only then
 * gives the task its path. The reference travels inside a signed command, so the hash is the console's word: a file
 * swapped on the way or on the console's disk is refused.
 *
 * @param name   the file's name in the run's work folder: no folder part, at most 255 characters
 * @param sha256 64 lower-case hex digits
 * @param size   bytes, 0 to {@link #MAX_SIZE}
 * @param url    an absolute {@code https} URL
 */
public record JobFile(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String sha256,
        long size,
        @JsonProperty(required = true) String url) {

    /** The largest file a command may reference (4 GiB); consoles set their own, smaller limit. */
    public static final long MAX_SIZE = 4L * 1024 * 1024 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public JobFile {
        checkName(name, "name");
        Check.required(sha256, "sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw new ProtocolException("sha256", "must be 64 lower-case hex digits, was '"
                    + (sha256.length() > 80 ? sha256.substring(0, 80) + "…" : sha256) + "'");
        }
        Check.range(size, 0, MAX_SIZE, "size");
        Check.maxLength(Check.notBlank(url, "url"), 2048, "url");
        URI parsed;
        try {
            parsed = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("url", "is not a URL: " + e.getMessage(), e);
        }
        if (!"https".equalsIgnoreCase(parsed.getScheme()) || parsed.getHost() == null) {
            throw new ProtocolException("url", "must be an absolute https URL, was '" + url + "'");
        }
    }

    /**
     * Checks a file name as it may appear in a work folder: not blank, no folder separators, not {@code .} or
     * {@code ..}, no control characters, at most 255 characters.
     *
     * @throws ProtocolException naming {@code field}
     */
    public static String checkName(String name, String field) {
        Check.maxLength(Check.notBlank(name, field), 255, field);
        if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || !name.strip().equals(name)) {
            throw new ProtocolException(field, "must be a plain file name (no folders, no control characters, no "
                    + "leading or trailing spaces), was '" + name + "'");
        }
        return name;
    }

    /** The hex form {@link #sha256()} takes, of a digest's bytes. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest).toLowerCase(Locale.ROOT);
    }
}
