package io.taskrunner.agent.config;

import java.util.Locale;
import java.util.Set;

/**
 * The {@code smtp} section of {@code agent.json}: the mail server watchdog alerts are sent through when a rule names
 * email addresses. The password is a reference ({@code env:NAME}, {@code file:/path}, {@code secret:NAME}), never
 * the password itself.
 *
 * @param host        the mail server
 * @param port        default 587 for {@code starttls}, 465 for {@code tls}, 25 for {@code none}
 * @param security    {@code starttls} (default; refuses a server that does not offer it), {@code tls} or {@code none}
 * @param username    login name, or {@code null} for a server that relays without one
 * @param password    reference to the login password
 * @param from        the sender address
 * @param timeoutSeconds connect, read and write timeout; default 20
 */
public record SmtpSettings(
        String host,
        int port,
        String security,
        String username,
        String password,
        String from,
        int timeoutSeconds) {

    private static final Set<String> SECURITY = Set.of("starttls", "tls", "none");

    public SmtpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("smtp.host must not be empty");
        }
        security = security == null ? "starttls" : security.toLowerCase(Locale.ROOT);
        if (!SECURITY.contains(security)) {
            throw new IllegalArgumentException("smtp.security must be starttls, tls or none, was " + security);
        }
        if (port == 0) {
            port = switch (security) {
                case "tls" -> 465;
                case "none" -> 25;
                default -> 587;
            };
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("smtp.port must be between 1 and 65535, was " + port);
        }
        if (from == null || !from.contains("@")) {
            throw new IllegalArgumentException("smtp.from must be an email address, was " + from);
        }
        if (username != null && password == null) {
            throw new IllegalArgumentException("smtp.password must reference the password of smtp.username "
                    + "(env:NAME, file:/path or secret:NAME)");
        }
        timeoutSeconds = timeoutSeconds == 0 ? 20 : timeoutSeconds;
        if (timeoutSeconds < 1 || timeoutSeconds > 600) {
            throw new IllegalArgumentException("smtp.timeoutSeconds must be between 1 and 600, was " + timeoutSeconds);
        }
    }
}
