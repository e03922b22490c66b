package io.taskrunner.agent.field.modbus;

import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One read request: a run of addresses of one table that covers whole points. Points whose addresses touch or
 * overlap share a block as long as it stays within the protocol's limit per request; a gap between points starts a
 * new block, because the addresses in the gap may not exist on the slave.
 *
 * @param points the points inside, by address
 */
record ReadBlock(ModbusFunction function, int address, int count, List<ModbusPoint> points) {

    ReadBlock {
        points = List.copyOf(points);
    }

    /** The fewest blocks that read all {@code points}: per table, by address. */
    static List<ReadBlock> plan(List<ModbusPoint> points) {
        Map<ModbusFunction, List<ModbusPoint>> byTable = points.stream().collect(Collectors.groupingBy(
                ModbusPoint::function, () -> new EnumMap<>(ModbusFunction.class), Collectors.toList()));
        List<ReadBlock> blocks = new ArrayList<>();
        byTable.forEach((function, inTable) -> {
            List<ModbusPoint> sorted = inTable.stream()
                    .sorted(Comparator.comparingInt(ModbusPoint::address).thenComparingInt(ModbusPoint::span))
                    .toList();
            List<ModbusPoint> current = new ArrayList<>();
            int start = 0;
            int end = 0;
            for (ModbusPoint point : sorted) {
                int pointEnd = point.address() + point.span();
                if (!current.isEmpty() && point.address() <= end
                        && Math.max(end, pointEnd) - start <= function.maxPerRequest()) {
                    current.add(point);
                    end = Math.max(end, pointEnd);
                    continue;
                }
                if (!current.isEmpty()) {
                    blocks.add(new ReadBlock(function, start, end - start, current));
                }
                current = new ArrayList<>(List.of(point));
                start = point.address();
                end = pointEnd;
            }
            blocks.add(new ReadBlock(function, start, end - start, current));
        });
        return blocks;
    }

    /** The part of this block's raw contents that holds {@code point}. */
    int[] slice(int[] raw, ModbusPoint point) {
        int from = point.address() - address;
        int[] part = new int[point.span()];
        System.arraycopy(raw, from, part, 0, part.length);
        return part;
    }

    /** How messages name the block, e.g. {@code holding-registers 100-103 (temperature, pressure)}. */
    String label() {
        return function.wire() + " " + (count == 1 ? String.valueOf(address) : address + "-" + (address + count - 1))
                + " (" + points.stream().map(ModbusPoint::name).collect(Collectors.joining(", ")) + ")";
    }
}
