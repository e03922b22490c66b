package io.taskrunner.protocol.definition.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.taskrunner.protocol.ProtocolException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

/**
 * A Quartz cron expression with seconds ({@code sec min hour day-of-month month day-of-week [year]}) parsed by
 * cron-utils, evaluated on local date-times only: {@link WallClock} maps them to instants, because cron-utils
 * itself skips a fixed time that falls into a spring-forward gap (no firing that day at all).
 */
final class QuartzCron implements LocalTimes {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    private static final Set<String> EVERY_HOUR = Set.of("*", "*/1", "0/1", "0-23");

    private final ExecutionTime execution;
    private final boolean everyHour;

    private QuartzCron(Cron cron) {
        this.execution = ExecutionTime.forCron(cron);
        this.everyHour = EVERY_HOUR.contains(cron.retrieve(CronFieldName.HOUR).getExpression().asString());
    }

    /** Parses {@code expression}; a {@link ProtocolException} on {@code field} says what cron-utils objected to. */
    static QuartzCron parse(String expression, String field) {
        Cron cron;
        try {
            synchronized (PARSER) {
                cron = PARSER.parse(expression).validate();
            }
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(field, "'" + expression + "' is not a Quartz cron expression with seconds"
                    + " (sec min hour day-of-month month day-of-week [year], e.g. '0 */5 * * * ?'): "
                    + e.getMessage());
        }
        return new QuartzCron(cron);
    }

    @Override
    public Optional<LocalDateTime> nextAfter(LocalDateTime local) {
        // evaluated in UTC, which has no daylight saving: cron-utils then sees the plain wall clock
        return execution.nextExecution(local.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC))
                .map(time -> time.toLocalDateTime());
    }

    @Override
    public boolean bothPassesOfOverlap() {
        return everyHour;
    }
}
