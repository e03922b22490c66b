package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.TimeWindow;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a rule's alerts go besides the console (which always gets them): a webhook and email addresses, with the
 * language the alert text is written in and quiet hours during which webhook and email wait.
 *
 * @param webhook    an http(s) URL the alert is POSTed to as JSON, or {@code null}
 * @param email      addresses to mail (through the agent's SMTP settings); empty: none
 * @param language   {@code en}, {@code zh-CN} or {@code zh-TW}; {@code null}: English
 * @param quietHours windows in which webhook and email are held until the window ends (and dropped if the incident
 *                   recovered meanwhile); the console is told at once regardless
 * @param zone       the time zone of {@code quietHours}; {@code null}: the agent's
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AlertTargets(
        String webhook,
        List<String> email,
        String language,
        List<TimeWindow> quietHours,
        String zone) {

    public static final AlertTargets CONSOLE_ONLY = new AlertTargets(null, null, null, null, null);
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+");

    public AlertTargets {
        if (webhook != null) {
            checkWebhook(webhook);
        }
        email = Check.listOf(email, 32, "email");
        for (int i = 0; i < email.size(); i++) {
            String address = Check.maxLength(Check.notBlank(email.get(i), "email[" + i + "]"), 254, "email[" + i + "]");
            if (!ADDRESS.matcher(address).matches()) {
                throw new ProtocolException("email[" + i + "]", "'" + address + "' is not an email address");
            }
        }
        if (language != null && !List.of("en", "zh-cn", "zh-tw").contains(language.toLowerCase(Locale.ROOT))) {
            throw new ProtocolException("language", "'" + language + "' is not one of en, zh-CN, zh-TW");
        }
        quietHours = Check.listOf(quietHours, 32, "quietHours");
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new ProtocolException("zone", "'" + zone + "' is not a time zone like Europe/Berlin");
            }
        }
    }

    private static void checkWebhook(String webhook) {
        Check.maxLength(webhook, 2048, "webhook");
        try {
            URI uri = URI.create(webhook);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ProtocolException("webhook", "'" + webhook + "' is not an http(s) URL with a host");
            }
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("webhook", "'" + webhook + "' is not a URL: " + e.getMessage());
        }
    }
}
