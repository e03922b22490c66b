package io.taskrunner.protocol;

/**
 * A message or value that breaks the wire contract. {@link #field()} names the offending field as a JSON path
 * (e.g. {@code body.timeoutSeconds}), or {@code null} when the whole message is at fault (size, syntax).
 */
public class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public ProtocolException(String field, String message) {
        super(field == null ? message : field + ": " + message);
        this.field = field;
    }

    public ProtocolException(String field, String message, Throwable cause) {
        super(field == null ? message : field + ": " + message, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The reason without the field prefix. */
    public String reason() {
        String message = getMessage();
        return field == null ? message : message.substring(field.length() + 2);
    }

    /** The same problem seen one level further out, e.g. {@code timeoutSeconds} becomes {@code body.timeoutSeconds}. */
    public ProtocolException within(String parent) {
        String path = field == null ? parent : parent + "." + field;
        return new ProtocolException(path, reason(), getCause());
    }
}
