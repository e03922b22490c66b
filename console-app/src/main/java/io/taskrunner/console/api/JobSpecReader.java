package io.taskrunner.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.jobs.AbortRule;
import io.taskrunner.console.service.jobs.JobSpec;
import io.taskrunner.console.service.jobs.Rollout;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.TimeWindow;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@link JobSpec} from the JSON of {@code POST /jobs}. Types are checked here (400 naming the field); values by
 * {@link JobSpec} and its parts (422 naming the field). Without an inline {@code definition} the task must be stored
 * in the console's desired state; it is sent inline so the parameters are checked before the job is stored.
 */
final class JobSpecReader {
    static final Set<String> FIELDS = Set.of("task", "definition", "parameters", "targets", "targetMode", "rollout",
            "abort", "inProgressTimeoutSeconds", "maxRetries", "startAt", "endAt", "endBehaviour",
            "maintenanceWindows", "zone", "callback");
    private static final Set<String> TARGET_FIELDS = Set.of("agents", "groups", "tags", "all");
    private static final Set<String> ROLLOUT_FIELDS = Set.of("kind", "maxPerMinute", "baseRatePerMinute",
            "incrementFactor", "raiseAfterNotified", "raiseAfterSucceeded", "maxRatePerMinute");
    private static final Set<String> ABORT_FIELDS = Set.of("failureSharePercent", "minExecutions");

    private final DesiredStateService desired;
    private final MessageCodec codec;

    JobSpecReader(DesiredStateService desired, MessageCodec codec) {
        this.desired = desired;
        this.codec = codec;
    }

    JobSpec read(JsonBody body) {
        body.allowOnly(FIELDS);
        String task = body.requiredText("task");
        TaskDefinition definition = definition(body.raw("definition"), task);
        List<Target> targets = targets(body.object("targets"));
        JobSpec.TargetMode mode = choice(body, "targetMode", JobSpec.TargetMode.class, JobSpec.TargetMode.SNAPSHOT);
        Rollout rollout = rollout(body.object("rollout"));
        AbortRule abort = abort(body.object("abort"));
        int timeout = orZero(body.integer("inProgressTimeoutSeconds"));
        int retries = orZero(body.integer("maxRetries"));
        JobSpec.EndBehaviour end = choice(body, "endBehaviour", JobSpec.EndBehaviour.class, null);
        List<TimeWindow> windows = windows(body);
        ZoneId zone = zone(body.text("zone"));
        try {
            return new JobSpec(task, definition, body.parameters("parameters"), targets, mode, rollout, abort,
                    timeout, retries, body.instant("startAt"), body.instant("endAt"), end, windows, zone);
        } catch (IllegalArgumentException e) {
            throw ApiException.fromInvalidValue(e.getMessage());
        }
    }

    private TaskDefinition definition(JsonNode inline, String task) {
        if (inline == null) {
            return desired.task(task).orElseThrow(() -> ApiException.unprocessable("task", "unknown task '" + task
                    + "': the console's desired state has no task of that name (or give its definition inline)"));
        }
        try {
            return codec.readValue(ApiJson.bytes(inline), TaskDefinition.class, "definition");
        } catch (ProtocolException e) {
            throw ApiException.unprocessable(e.field(), e.getMessage());
        }
    }

    private static List<Target> targets(JsonBody targets) {
        if (targets == null) {
            throw ApiException.badRequest("targets", "is required: {\"agents\": [...], \"groups\": [...], "
                    + "\"tags\": [...]} or {\"all\": true}");
        }
        targets.allowOnly(TARGET_FIELDS);
        List<Target> list = new ArrayList<>();
        if (Boolean.TRUE.equals(targets.bool("all"))) {
            list.add(Target.ALL);
        }
        addTargets(list, targets, "agents", Target::agent);
        addTargets(list, targets, "groups", Target::group);
        addTargets(list, targets, "tags", Target::tag);
        if (list.isEmpty()) {
            throw ApiException.unprocessable("targets", "name at least one agent, group or tag, or set all: true");
        }
        return list;
    }

    private static void addTargets(List<Target> list, JsonBody targets, String name,
            java.util.function.Function<String, Target> target) {
        List<String> values = targets.texts(name);
        for (int i = 0; i < values.size(); i++) {
            try {
                list.add(target.apply(values.get(i)));
            } catch (IllegalArgumentException e) {
                throw ApiException.unprocessable(targets.at(name) + "[" + i + "]", e.getMessage());
            }
        }
    }

    private static Rollout rollout(JsonBody rollout) {
        if (rollout == null) {
            return Rollout.fixed(Rollout.MAX_RATE_PER_MINUTE);
        }
        rollout.allowOnly(ROLLOUT_FIELDS);
        Rollout.Kind kind = choice(rollout, "kind", Rollout.Kind.class, Rollout.Kind.FIXED);
        try {
            if (kind == Rollout.Kind.FIXED) {
                Integer max = rollout.integer("maxPerMinute");
                return Rollout.fixed(max == null ? Rollout.MAX_RATE_PER_MINUTE : max);
            }
            Double factor = rollout.number("incrementFactor");
            return new Rollout(kind, orZero(rollout.integer("baseRatePerMinute")), factor == null ? 0 : factor,
                    orZero(rollout.integer("raiseAfterNotified")), orZero(rollout.integer("raiseAfterSucceeded")),
                    orZero(rollout.integer("maxRatePerMinute")));
        } catch (IllegalArgumentException e) {
            throw ApiException.fromInvalidValue(e.getMessage());
        }
    }

    private static AbortRule abort(JsonBody abort) {
        if (abort == null) {
            return null;
        }
        abort.allowOnly(ABORT_FIELDS);
        Double share = abort.number("failureSharePercent");
        if (share == null) {
            throw ApiException.badRequest(abort.at("failureSharePercent"), "is required");
        }
        Integer min = abort.integer("minExecutions");
        try {
            return new AbortRule(share, min == null ? 1 : min);
        } catch (IllegalArgumentException e) {
            throw ApiException.fromInvalidValue(e.getMessage());
        }
    }

    private List<TimeWindow> windows(JsonBody body) {
        List<JsonNode> items = body.array("maintenanceWindows");
        List<TimeWindow> windows = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String field = "maintenanceWindows[" + i + "]";
            if (!items.get(i).isObject()) {
                throw ApiException.badRequest(field, "must be an object like {\"days\": [\"SATURDAY\"], \"from\": "
                        + "\"22:00\", \"to\": \"04:00\"}");
            }
            try {
                windows.add(codec.readValue(ApiJson.bytes(items.get(i)), TimeWindow.class, field));
            } catch (ProtocolException e) {
                throw ApiException.unprocessable(e.field(), e.getMessage());
            }
        }
        return windows;
    }

    private static ZoneId zone(String zone) {
        if (zone == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw ApiException.unprocessable("zone", "unknown time zone '" + zone + "' (e.g. Europe/Zurich, UTC)");
        }
    }

    private static <E extends Enum<E>> E choice(JsonBody body, String name, Class<E> type, E absent) {
        String value = body.text(name);
        if (value == null) {
            return absent;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw ApiException.unprocessable(body.at(name), "must be one of " + String.join(", ", allowed)
                    + ", was '" + value + "'");
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
