package io.taskrunner.protocol.definition.collector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.Definitions;
import io.taskrunner.protocol.definition.ModbusReadTask;
import io.taskrunner.protocol.definition.SerialReadTask;
import io.taskrunner.protocol.definition.TaskSpec;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import io.taskrunner.protocol.definition.watchdog.AlertTargets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Polls a field device on the agent every {@code every} and does something with the values. Like a task it has a
 * {@code type} and a {@code spec} beside it: {@code modbus-read} (a register map) or {@code serial-read} (a frame,
 * whose pattern's named groups are the values). Values always go to the console's live
 * view; {@code publish}, {@code store} and {@code thresholds} add an MQTT topic, a database table and actions.
 *
 * @param every   ISO-8601 duration between polls, from PT0.1S to P1D
 * @param enabled {@code null} counts as enabled
 * @param alert   where threshold alerts go besides the console; {@code null}: the console only
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CollectorDefinition(
        @JsonProperty(required = true) String name,
        String description,
        Boolean enabled,
        @JsonProperty(required = true) String every,
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXTERNAL_PROPERTY, property = "type")
        @JsonProperty(required = true) TaskSpec spec,
        CollectorPublish publish,
        CollectorStore store,
        List<CollectorThreshold> thresholds,
        AlertTargets alert) {

    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    public CollectorDefinition {
        Definitions.checkName(name, "name");
        Check.maxLength(description, 4096, "description");
        period(every);
        Check.required(spec, "spec");
        if (!(spec instanceof ModbusReadTask) && !(spec instanceof SerialReadTask)) {
            throw new ProtocolException("type", "a collector polls modbus-read or serial-read, not "
                    + spec.type().wire());
        }
        if (spec instanceof SerialReadTask serial && serial.pattern() == null) {
            throw new ProtocolException("spec.pattern", "is required: its named groups, e.g. (?<weight>[-+0-9.]+),"
                    + " are the values a collector collects");
        }
        thresholds = Check.listOf(thresholds, 100, "thresholds");
        Set<String> values = valueNames(spec);
        if (values.isEmpty()) {
            throw new ProtocolException("spec.pattern", "has no named group such as (?<weight>[-+0-9.]+)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < thresholds.size(); i++) {
            CollectorThreshold threshold = Check.required(thresholds.get(i), "thresholds[" + i + "]");
            if (!seen.add(threshold.name())) {
                throw new ProtocolException("thresholds[" + i + "].name", "'" + threshold.name()
                        + "' is used twice");
            }
            for (String read : threshold.condition().names()) {
                if (!values.contains(read)) {
                    throw new ProtocolException("thresholds[" + i + "].condition", "reads '" + read
                            + "', which this collector does not collect; it collects " + values);
                }
            }
        }
    }

    /** A collector that only feeds the console's live view. */
    public static CollectorDefinition of(String name, String every, TaskSpec spec) {
        return new CollectorDefinition(name, null, null, every, spec, null, null, null, null);
    }

    /** The register map, for a Modbus collector; else {@code null}. */
    @JsonIgnore
    public ModbusReadTask modbus() {
        return spec instanceof ModbusReadTask modbus ? modbus : null;
    }

    /** The frame to read, for a serial collector; else {@code null}. */
    @JsonIgnore
    public SerialReadTask serial() {
        return spec instanceof SerialReadTask serial ? serial : null;
    }

    @JsonIgnore
    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    @JsonIgnore
    public Duration period() {
        return period(every);
    }

    /** The names of the values each poll yields, in map order. */
    @JsonIgnore
    public Set<String> valueNames() {
        return valueNames(spec);
    }

    private static Set<String> valueNames(TaskSpec spec) {
        Set<String> names = new LinkedHashSet<>();
        if (spec instanceof ModbusReadTask modbus) {
            modbus.points().stream().map(ModbusPoint::name).forEach(names::add);
        } else if (spec instanceof SerialReadTask serial && serial.pattern() != null) {
            Matcher groups = NAMED_GROUP.matcher(serial.pattern());
            while (groups.find()) {
                names.add(groups.group(1));
            }
        }
        return names;
    }

    private static Duration period(String every) {
        Check.notBlank(every, "every");
        Duration period;
        try {
            period = Duration.parse(every);
        } catch (DateTimeParseException e) {
            throw new ProtocolException("every", "'" + every + "' is not an ISO-8601 duration like PT1S, PT0.5S or"
                    + " PT5M", e);
        }
        if (period.compareTo(Duration.ofMillis(100)) < 0 || period.compareTo(Duration.ofDays(1)) > 0) {
            throw new ProtocolException("every", "must be between PT0.1S and P1D, was " + every);
        }
        return period;
    }
}
