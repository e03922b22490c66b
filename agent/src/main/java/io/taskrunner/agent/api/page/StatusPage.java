package io.taskrunner.agent.api.page;

import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunProgress;
import io.taskrunner.agent.engine.RunRecord;
import io.taskrunner.agent.scheduler.ScheduleStatus;
import io.taskrunner.agent.watchdog.RuleHealth;
import io.taskrunner.agent.watchdog.RuleStatus;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.ChannelStatus;
import io.taskrunner.protocol.message.RunState;
import io.taskrunner.protocol.message.ScheduleOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The read-only page at {@code /} for a technician standing at the PC: tasks, recent runs, channels, schedules, watchdog. Plain HTML
 * with no script; every text from the agent or a definition is escaped.
 */
public final class StatusPage {
    private static final int RECENT_RUNS = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    /** Plain CSS, no scripts or external files: the page is read on the PC itself, often with no internet. */
    private static final String STYLE = "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
            + "margin:0 0 2em;background:#f4f6f8;color:#1d2733}"
            + "h1{margin:0;padding:.8em 1.5rem;background:#1f3a5f;color:#fff;font-size:1.35em;font-weight:600}"
            + "body>p,nav,h2,table{margin-left:1.5rem;margin-right:1.5rem}p{color:#5b6b7c}"
            + "nav a{margin-right:1.2em;color:#1f5fa8;text-decoration:none}nav a:hover{text-decoration:underline}"
            + "h2{font-size:1.05em;margin-top:1.6em;color:#1f3a5f;border-bottom:2px solid #d5dde6;padding-bottom:.3em}"
            + "table{border-collapse:collapse;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.1);min-width:50%}"
            + "th,td{padding:.45em .9em;text-align:left;border-bottom:1px solid #e6ebf0}"
            + "th{background:#e9eef4;font-weight:600;color:#334455}tr:hover td{background:#f8fafc}"
            + "tr.succeeded td:nth-child(2){color:#1a7f37;font-weight:600}"
            + "tr.failed td:nth-child(2),tr.timed_out td:nth-child(2),tr.interrupted td:nth-child(2),"
            + "tr.rejected td:nth-child(2){color:#c62828;font-weight:600}"
            + "tr.running td:nth-child(2),tr.queued td:nth-child(2){color:#b26a00;font-weight:600}";

    private final DefinitionRegistry definitions;
    private final RunEngine engine;
    private final String agentId;
    private final String version;
    private final Clock clock;
    private final Supplier<List<RuleStatus>> watchdog;
    private final Supplier<List<ScheduleStatus>> schedules;

    public StatusPage(DefinitionRegistry definitions, RunEngine engine, Supplier<List<ScheduleStatus>> schedules,
            Supplier<List<RuleStatus>> watchdog, String agentId, String version, Clock clock) {
        this.schedules = schedules;
        this.definitions = definitions;
        this.engine = engine;
        this.watchdog = watchdog;
        this.agentId = agentId;
        this.version = version;
        this.clock = clock;
    }

    public String render(Language language) {
        Messages text = Messages.of(language);
        Html html = new Html();
        html.raw("<!DOCTYPE html><html lang=\"").text(language.tag()).raw("\"><head><meta charset=\"utf-8\">")
                .raw("<meta http-equiv=\"refresh\" content=\"10\"><title>")
                .text(text.get("agent.page.title", agentId)).raw("</title><style>").raw(STYLE).raw("</style></head>")
                .raw("<body><h1>").text(text.get("agent.page.title", agentId)).raw("</h1><p>")
                .text(text.get("agent.page.version", version)).raw("</p><nav>");
        for (Language other : Language.values()) {
            html.raw("<a href=\"/?lang=").text(other.tag()).raw("\">").text(text.get(other.nativeNameKey()))
                    .raw("</a>");
        }
        html.raw("</nav>");
        tasks(html, text);
        runs(html, text);
        channels(html, text);
        schedules(html, text);
        watchdog(html, text);
        html.raw("<p>").text(text.get("agent.page.refreshed", TIME.format(clock.instant()))).raw("</p>")
                .raw("</body></html>");
        return html.toString();
    }

    private void tasks(Html html, Messages text) {
        html.raw("<h2>").text(text.get("agent.page.tasks")).raw("</h2>");
        List<TaskDefinition> tasks = definitions.current().tasks();
        if (tasks.isEmpty()) {
            html.raw("<p id=\"no-tasks\">").text(text.get("agent.page.tasks.none")).raw("</p>");
            return;
        }
        html.raw("<table id=\"tasks\">");
        html.row(true, text.get("agent.page.column.name"), text.get("agent.page.column.description"),
                text.get("agent.page.column.channel"));
        tasks.forEach(task -> html.row(false, task.name(), task.description() == null ? "" : task.description(),
                task.channel()));
        html.raw("</table>");
    }

    private void runs(Html html, Messages text) {
        html.raw("<h2>").text(text.get("agent.page.runs")).raw("</h2>");
        List<String[]> rows = new ArrayList<>();
        for (RunProgress run : engine.unfinished().reversed()) {
            rows.add(new String[] {run.task(), stateText(text, run.state()), TIME.format(
                    Instant.ofEpochMilli(run.acceptedAt())), "", run.state().wire()});
        }
        for (RunRecord run : engine.history().newest(RECENT_RUNS)) {
            rows.add(new String[] {run.task(), stateText(text, run.state()), TIME.format(
                    Instant.ofEpochMilli(run.acceptedAt())), run.startedAt() == null ? ""
                    : (run.finishedAt() - run.startedAt()) + " ms", run.state().wire()});
        }
        if (rows.isEmpty()) {
            html.raw("<p id=\"no-runs\">").text(text.get("agent.page.runs.none")).raw("</p>");
            return;
        }
        html.raw("<table id=\"runs\">");
        html.row(true, text.get("runs.column.task"), text.get("runs.column.state"),
                text.get("agent.page.column.accepted"), text.get("runs.column.duration"));
        rows.stream().limit(RECENT_RUNS).forEach(row -> html.stateRow(row[4], row[0], row[1], row[2], row[3]));
        html.raw("</table>");
    }

    private void channels(Html html, Messages text) {
        html.raw("<h2>").text(text.get("agent.page.channels")).raw("</h2><table id=\"channels\">");
        html.row(true, text.get("agent.page.column.name"), text.get("agent.page.column.workers"),
                text.get("agent.page.column.running"), text.get("agent.page.column.waiting"),
                text.get("agent.page.column.succeeded"), text.get("agent.page.column.failed"));
        for (ChannelStatus channel : engine.status()) {
            html.row(false, channel.name(), Integer.toString(channel.workers()), Integer.toString(channel.running()),
                    Integer.toString(channel.queued() + channel.delayed()), Long.toString(channel.succeeded()),
                    Long.toString(channel.failed()));
        }
        html.raw("</table>");
    }

    private void schedules(Html html, Messages text) {
        html.raw("<h2>").text(text.get("agent.page.schedules")).raw("</h2>");
        List<ScheduleStatus> all = schedules.get();
        if (all.isEmpty()) {
            html.raw("<p id=\"no-schedules\">").text(text.get("agent.page.schedules.none")).raw("</p>");
            return;
        }
        html.raw("<table id=\"schedules\">");
        html.row(true, text.get("agent.page.column.name"), text.get("runs.column.task"),
                text.get("agent.page.column.next"), text.get("agent.page.column.lastFired"),
                text.get("agent.page.column.outcome"));
        for (ScheduleStatus schedule : all) {
            String next = !schedule.enabled() ? text.get("agent.page.schedule.disabled")
                    : schedule.next().isEmpty() ? "" : TIME.format(schedule.next().getFirst());
            html.row(false, schedule.name(), schedule.task(), next,
                    schedule.lastFiredAt() == null ? "" : TIME.format(schedule.lastFiredAt()),
                    schedule.lastOutcome() == null ? "" : outcomeText(text, schedule.lastOutcome()));
        }
        html.raw("</table>");
    }

    private static String outcomeText(Messages text, ScheduleOutcome outcome) {
        return switch (outcome) {
            case STARTED -> text.get("agent.page.outcome.started");
            case QUEUED -> text.get("agent.page.outcome.queued");
            case SKIPPED_OVERLAP -> text.get("agent.page.outcome.skippedOverlap");
            case MISSED -> text.get("agent.page.outcome.missed");
            case REJECTED -> text.get("agent.page.outcome.rejected");
        };
    }

    private void watchdog(Html html, Messages text) {
        html.raw("<h2>").text(text.get("agent.page.watchdog")).raw("</h2>");
        List<RuleStatus> rules = watchdog.get();
        if (rules.isEmpty()) {
            html.raw("<p id=\"no-watchdog\">").text(text.get("agent.page.watchdog.none")).raw("</p>");
            return;
        }
        html.raw("<table id=\"watchdog\">");
        html.row(true, text.get("agent.page.column.rule"), text.get("agent.page.column.health"),
                text.get("agent.page.column.restarts"), text.get("agent.page.column.pid"),
                text.get("agent.page.column.problem"));
        for (RuleStatus rule : rules) {
            html.stateRow(healthClass(rule.health()), rule.rule(), healthText(text, rule.health()),
                    Long.toString(rule.restarts()), rule.pid() == null ? "" : Long.toString(rule.pid()),
                    rule.lastProblem() == null ? "" : rule.lastProblem());
        }
        html.raw("</table>");
    }

    /** Reuses the run states' colours: green healthy, red failing or given up, amber restarting. */
    private static String healthClass(RuleHealth health) {
        return switch (health) {
            case HEALTHY -> "succeeded";
            case FAILING, GIVEN_UP -> "failed";
            case RESTARTING -> "running";
            case UNKNOWN -> "unknown";
        };
    }

    private static String healthText(Messages text, RuleHealth health) {
        return switch (health) {
            case HEALTHY -> text.get("agent.page.health.healthy");
            case FAILING -> text.get("agent.page.health.failing");
            case RESTARTING -> text.get("agent.page.health.restarting");
            case GIVEN_UP -> text.get("agent.page.health.givenUp");
            case UNKNOWN -> text.get("agent.page.health.unknown");
        };
    }

    private static String stateText(Messages text, RunState state) {
        return switch (state) {
            case PENDING, QUEUED -> text.get("run.state.queued");
            case RUNNING -> text.get("run.state.running");
            case SUCCEEDED -> text.get("run.state.succeeded");
            case FAILED -> text.get("run.state.failed");
            case TIMED_OUT -> text.get("run.state.timedOut");
            case CANCELLED -> text.get("run.state.cancelled");
            case REJECTED -> text.get("run.state.rejected");
            case INTERRUPTED -> text.get("run.state.interrupted");
        };
    }
}
