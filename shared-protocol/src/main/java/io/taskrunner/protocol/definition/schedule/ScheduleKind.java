package io.taskrunner.protocol.definition.schedule;

/** Which of a schedule's kind fields is set. */
public enum ScheduleKind {
    /** {@code cron}: a Quartz cron expression with seconds, on the wall clock of the zone. */
    CRON,
    /** {@code every}: a fixed period of elapsed time. */
    INTERVAL,
    /** {@code daily}: fixed times of day, every day or on some days of the week. */
    DAILY,
    /** {@code once}: one local date-time in the zone, or one instant. */
    ONCE,
    /** {@code afterStartSeconds}: once, that long after each start of the agent. */
    AFTER_START
}
