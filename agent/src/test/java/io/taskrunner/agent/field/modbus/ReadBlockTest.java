package io.taskrunner.agent.field.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadBlockTest {
    private static final ModbusFunction HOLDING = ModbusFunction.HOLDING_REGISTERS;

    @Test
    void plan_joinsTouchingAndOverlappingPointsOfOneTable_inAddressOrder() {
        ModbusPoint b = ModbusPoint.of("b", HOLDING, 2, ModbusDataType.FLOAT32);
        ModbusPoint a = ModbusPoint.of("a", HOLDING, 0, ModbusDataType.INT32);
        ModbusPoint inside = ModbusPoint.of("inside", HOLDING, 3, ModbusDataType.UINT16);

        assertThat(ReadBlock.plan(List.of(b, a, inside)))
                .containsExactly(new ReadBlock(HOLDING, 0, 4, List.of(a, b, inside)));
    }

    @Test
    void plan_startsANewBlockAtAGap_andPerTable() {
        ModbusPoint a = ModbusPoint.of("a", HOLDING, 0, null);
        ModbusPoint gap = ModbusPoint.of("gap", HOLDING, 2, null);
        ModbusPoint input = ModbusPoint.of("input", ModbusFunction.INPUT_REGISTERS, 1, null);
        ModbusPoint coil = ModbusPoint.of("coil", ModbusFunction.COILS, 1, null);

        assertThat(ReadBlock.plan(List.of(a, gap, input, coil))).containsExactly(
                new ReadBlock(ModbusFunction.COILS, 1, 1, List.of(coil)),
                new ReadBlock(HOLDING, 0, 1, List.of(a)),
                new ReadBlock(HOLDING, 2, 1, List.of(gap)),
                new ReadBlock(ModbusFunction.INPUT_REGISTERS, 1, 1, List.of(input)));
    }

    @Test
    void plan_splitsWhereABlockWouldExceedTheRequestLimit() {
        ModbusPoint first = new ModbusPoint("first", HOLDING, 0, null, 100, 0, null, null, null, null, null);
        ModbusPoint second = new ModbusPoint("second", HOLDING, 100, null, 25, 0, null, null, null, null, null);
        ModbusPoint third = ModbusPoint.of("third", HOLDING, 125, ModbusDataType.INT32);

        assertThat(ReadBlock.plan(List.of(first, second, third))).containsExactly(
                new ReadBlock(HOLDING, 0, 125, List.of(first, second)),
                new ReadBlock(HOLDING, 125, 2, List.of(third)));
    }

    @Test
    void sliceAndLabel() {
        ModbusPoint a = ModbusPoint.of("a", HOLDING, 10, ModbusDataType.INT32);
        ModbusPoint b = ModbusPoint.of("b", HOLDING, 12, null);
        ReadBlock block = ReadBlock.plan(List.of(a, b)).getFirst();

        assertThat(block.slice(new int[] {1, 2, 3}, b)).containsExactly(3);
        assertThat(block.label()).isEqualTo("holding-registers 10-12 (a, b)");
    }
}
