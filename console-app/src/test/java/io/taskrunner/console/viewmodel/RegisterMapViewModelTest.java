package io.taskrunner.console.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.field.Endianness;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegisterMapViewModelTest {
    private final RegisterMapViewModel map = new RegisterMapViewModel();

    @Test
    void rows_becomeCheckedPoints_withEveryCellParsed() {
        PointRowViewModel temperature = map.add();
        temperature.nameProperty().set("temperature");
        temperature.addressProperty().set("10");
        temperature.dataTypeProperty().set("float32");
        temperature.wordOrderProperty().set("little");
        temperature.scaleProperty().set("0,1");
        temperature.offsetProperty().set("-5");
        temperature.unitProperty().set(" °C ");
        PointRowViewModel label = map.add();
        label.nameProperty().set("label");
        label.dataTypeProperty().set("string");
        label.lengthProperty().set("12");

        assertThat(map.points()).containsExactly(
                new ModbusPoint("temperature", ModbusFunction.HOLDING_REGISTERS, 10, ModbusDataType.FLOAT32, 1, 0,
                        Endianness.BIG, Endianness.LITTLE, 0.1, -5.0, "°C"),
                new ModbusPoint("label", ModbusFunction.HOLDING_REGISTERS, 0, ModbusDataType.STRING, 1, 12,
                        Endianness.BIG, Endianness.BIG, null, null, null));
    }

    @Test
    void errors_nameTheRowAndField() {
        map.add().nameProperty().set("a");
        map.add().nameProperty().set("b");
        PointRowViewModel third = map.add();
        third.nameProperty().set("c");
        third.addressProperty().set("70000");
        assertThat(problem()).isEqualTo("points[2].address: must be between 0 and 65535, was 70000");

        third.addressProperty().set("x1");
        assertThat(problem()).isEqualTo("points[2].address: 'x1' is not a whole number");

        third.addressProperty().set("1");
        third.nameProperty().set("a");
        assertThat(problem()).isEqualTo("points[2].name: 'a' is used twice");

        third.nameProperty().set("c");
        third.dataTypeProperty().set("string");
        assertThat(problem()).isEqualTo("points[2].length: must be between 1 and 240, was 0");
    }

    @Test
    void switchingToCoils_switchesTheTypeToBool_andBack() {
        PointRowViewModel row = map.add();
        row.functionProperty().set("coils");
        assertThat(row.dataTypeProperty().get()).isEqualTo("bool");
        assertThat(row.toPoint().dataType()).isEqualTo(ModbusDataType.BOOL);
        row.functionProperty().set("input-registers");
        assertThat(row.dataTypeProperty().get()).isEqualTo("uint16");
    }

    @Test
    void addDuplicateRemove_actOnTheSelectedRow() {
        PointRowViewModel first = map.add();
        first.nameProperty().set("speed");
        first.addressProperty().set("7");
        map.add().nameProperty().set("level");
        map.selectedProperty().set(first);

        map.duplicate();

        assertThat(names()).containsExactly("speed", "speed_2", "level");
        PointRowViewModel copy = map.rows().get(1);
        assertThat(copy.addressProperty().get()).isEqualTo("7");
        assertThat(map.selectedProperty().get()).isSameAs(copy);
        map.duplicate();
        assertThat(names()).containsExactly("speed", "speed_2", "speed_3", "level");

        map.remove();
        assertThat(names()).containsExactly("speed", "speed_2", "level");
        assertThat(map.selectedProperty().get().nameProperty().get()).isEqualTo("level");
        map.remove();
        map.remove();
        map.remove();
        assertThat(map.rows()).isEmpty();
        assertThat(map.selectedProperty().get()).isNull();
        assertThat(problem()).isEqualTo("points: needs at least one point");
    }

    private String problem() {
        try {
            map.points();
            return "";
        } catch (ProtocolException e) {
            return e.getMessage();
        }
    }

    private List<String> names() {
        return map.rows().stream().map(row -> row.nameProperty().get()).toList();
    }

    @Test
    void aBlankAddress_isRequired() {
        map.add().addressProperty().set(" ");
        assertThatThrownBy(map::points).hasMessage("points[0].address: is required");
    }
}
