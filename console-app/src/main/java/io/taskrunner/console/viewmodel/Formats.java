package io.taskrunner.console.viewmodel;

import io.taskrunner.i18n.Messages;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/** Numbers, times and durations as the console shows them, in the current language's conventions. */
public final class Formats {
    private Formats() {
    }

    /** A percentage with one decimal ({@code 12.5}), or the "unknown" dash when not reported yet. */
    public static String percent(Double value, Messages messages) {
        if (value == null || value.isNaN()) {
            return messages.get("common.unknown");
        }
        return String.format(messages.language().locale(), "%.1f", value);
    }

    /**
     * A point in time in the clock's zone: the time to the second when it is today, otherwise date and time to the minute. The dash when
     * {@code instant} is null.
     */
    public static String dateTime(Instant instant, Clock clock, Messages messages) {
        if (instant == null) {
            return messages.get("common.unknown");
        }
        Locale locale = messages.language().locale();
        ZonedDateTime time = instant.atZone(clock.getZone());
        boolean today = time.toLocalDate().equals(LocalDate.now(clock));
        DateTimeFormatter formatter = today
                ? DateTimeFormatter.ofLocalizedTime(FormatStyle.MEDIUM)
                : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT, FormatStyle.SHORT);
        return formatter.withLocale(locale).format(time);
    }

    /** {@code 850 ms}, {@code 12.3 s}, {@code 4:05}, {@code 1:02:03}: unit symbols read the same in every language. */
    public static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /**
     * A value read from a field device: numbers in the language's decimal notation without grouping (up to six
     * decimals), booleans as on/off, lists in brackets, text as it is; the dash for null.
     */
    public static String value(Object value, Messages messages) {
        return switch (value) {
            case null -> messages.get("common.unknown");
            case Boolean bool -> messages.get(bool ? "field.value.on" : "field.value.off");
            case Double number when number.isNaN() || number.isInfinite() -> number.toString();
            case Float number when number.isNaN() || number.isInfinite() -> number.toString();
            case Number number -> decimal(messages.language().locale()).format(number);
            case Collection<?> list -> list.stream().map(item -> value(item, messages))
                    .collect(Collectors.joining(", ", "[", "]"));
            default -> value.toString();
        };
    }

    private static NumberFormat decimal(Locale locale) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setGroupingUsed(false);
        format.setMaximumFractionDigits(6);
        return format;
    }
}
