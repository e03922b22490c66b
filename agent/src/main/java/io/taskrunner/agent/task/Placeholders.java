package io.taskrunner.agent.task;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterValues;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${name}} in a template with parameter values, each passed through an encoder chosen by where the
 * template goes (percent-encoding for a URL, JSON escaping for a JSON body, none for one argv element). The
 * result is never re-parsed by a shell. {@code $${} writes a literal {@code ${}.
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Placeholders() {
    }

    /**
     * @throws TaskException if a placeholder names no declared parameter; an absent optional one becomes empty text
     */
    public static String expand(String template, TaskDefinition task, ParameterValues values,
            UnaryOperator<String> encoder) {
        if (template == null || !template.contains("${")) {
            return template;
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) == null) {
                replacement = "${";
            } else {
                String name = matcher.group(1);
                boolean declared = task.parameters().stream().anyMatch(p -> p.name().equals(name));
                if (!declared) {
                    throw new TaskException("placeholder ${" + name + "} names no parameter of task '" + task.name()
                            + "'");
                }
                replacement = encoder.apply(values.text(name).orElse(""));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Percent-encodes a value for any part of a URL (UTF-8; a space is {@code %20}, never {@code +}). */
    public static String percentEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Escapes a value for the inside of a JSON string (no surrounding quotes). */
    public static String jsonEscaped(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }

    /**
     * A URL as output and errors may show it: scheme, host, port and path, without user info and query (they
     * often carry credentials), and with the values of secret parameters masked.
     */
    public static String displayUrl(URI uri, TaskDefinition task, ParameterValues values) {
        String shown = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
        for (ParameterSpec parameter : task.parameters()) {
            if (values.isSecret(parameter.name())) {
                String secret = values.text(parameter.name()).map(Placeholders::percentEncoded).orElse("");
                if (!secret.isEmpty()) {
                    shown = shown.replace(secret, "***");
                }
            }
        }
        return shown;
    }

    /** Expands with no encoding: for one argv element, where the value stays one argument whatever it holds. */
    public static String expand(String template, TaskDefinition task, ParameterValues values) {
        return expand(template, task, values, UnaryOperator.identity());
    }
}
