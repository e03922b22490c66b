package io.taskrunner.agent.collector;

import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import java.util.Map;

/** Reads one poll of a collector's device: its values by name, in the collector's order. */
@FunctionalInterface
public interface CollectorReader {

    /** @throws FieldDeviceException when the device does not answer or answers wrongly */
    Map<String, Object> read(CollectorDefinition collector);
}
