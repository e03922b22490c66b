package io.taskrunner.console.service.broker;

import java.util.Objects;
import java.util.Optional;

/**
 * The identity of a broker client: the common name of its client certificate (an agent id, or {@value #CONSOLE}
 * for the console itself), or the name of a device credential for a client without one. The value can never
 * widen a topic rule: it holds none of Artemis' address delimiter and wildcards ({@code . * #}), MQTT's
 * ({@code / + #}), {@code $} (system topics), the fully-qualified-queue separator {@code :}, whitespace or control
 * characters. This is {@code Topics.checkLevel} of shared-protocol plus {@code :} and the word "null".
 */
public record ClientIdentity(String value, ClientRole role) {
    public static final String CONSOLE = "console";
    public static final int MAX_LENGTH = 128;
    /**
     * Artemis builds its authorization cache key as {@code user + "." + checkType}, so a client without an MQTT
     * user name shares the key "null.SEND" with a client whose user name is the text "null".
     */
    private static final String RESERVED = "null";

    public ClientIdentity {
        String problem = problemWith(value);
        if (problem != null) {
            throw new IllegalArgumentException("value " + problem);
        }
        Objects.requireNonNull(role, "role");
        if ((role == ClientRole.CONSOLE) != CONSOLE.equals(value)) {
            throw new IllegalArgumentException("role " + role + " does not fit the identity " + value);
        }
    }

    /** The identity of a certificate's common name: {@link ClientRole#CONSOLE} for {@value #CONSOLE}, else an agent. */
    public ClientIdentity(String value) {
        this(value, CONSOLE.equals(value) ? ClientRole.CONSOLE : ClientRole.AGENT);
    }

    /** The identity of a client logged in with the device credential {@code name}. */
    public static ClientIdentity device(String name) {
        return new ClientIdentity(name, ClientRole.DEVICE);
    }

    /** The certificate identity, or empty when {@code candidate} is not acceptable as one. */
    public static Optional<ClientIdentity> parse(String candidate) {
        return problemWith(candidate) == null ? Optional.of(new ClientIdentity(candidate)) : Optional.empty();
    }

    /** Why {@code candidate} is not a valid identity, or null when it is. */
    public static String problemWith(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return "must not be empty";
        }
        if (candidate.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (candidate.equals(RESERVED)) {
            return "must not be the reserved word \"" + RESERVED + "\"";
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (".*#/+$:".indexOf(c) >= 0) {
                return "must not contain '" + c + "'";
            }
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || Character.getType(c) == Character.FORMAT) {
                return "must not contain whitespace or control characters";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}
