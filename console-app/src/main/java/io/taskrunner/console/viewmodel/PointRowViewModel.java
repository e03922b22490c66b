package io.taskrunner.console.viewmodel;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.field.Endianness;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One editable row of a register map, every cell as the operator typed it. Function, data type and orders hold
 * their wire names ({@code holding-registers}, {@code float32}, {@code big}), so the view needs no protocol types;
 * {@link #toPoint()} turns the row into the checked {@link ModbusPoint}.
 */
public final class PointRowViewModel {
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty function = new SimpleStringProperty(this, "function",
            ModbusFunction.HOLDING_REGISTERS.wire());
    private final StringProperty address = new SimpleStringProperty(this, "address", "0");
    private final StringProperty dataType = new SimpleStringProperty(this, "dataType", ModbusDataType.UINT16.wire());
    private final StringProperty count = new SimpleStringProperty(this, "count", "1");
    private final StringProperty length = new SimpleStringProperty(this, "length", "");
    private final StringProperty byteOrder = new SimpleStringProperty(this, "byteOrder", Endianness.BIG.wire());
    private final StringProperty wordOrder = new SimpleStringProperty(this, "wordOrder", Endianness.BIG.wire());
    private final StringProperty scale = new SimpleStringProperty(this, "scale", "");
    private final StringProperty offset = new SimpleStringProperty(this, "offset", "");
    private final StringProperty unit = new SimpleStringProperty(this, "unit", "");

    /** A holding register read as {@code uint16}, named {@code name}. */
    public PointRowViewModel(String name) {
        this.name.set(name);
        // coils and discrete inputs hold bits: switching the table switches to the only type it allows, and back
        function.addListener((property, old, wire) -> {
            boolean bits = isBitTable(wire);
            if (bits && !ModbusDataType.BOOL.wire().equals(dataType.get())) {
                dataType.set(ModbusDataType.BOOL.wire());
            } else if (!bits && isBitTable(old) && ModbusDataType.BOOL.wire().equals(dataType.get())) {
                dataType.set(ModbusDataType.UINT16.wire());
            }
        });
    }

    private static boolean isBitTable(String wire) {
        return ModbusFunction.COILS.wire().equals(wire) || ModbusFunction.DISCRETE_INPUTS.wire().equals(wire);
    }

    /** A copy of {@code other} under another name. */
    PointRowViewModel copyAs(String newName) {
        PointRowViewModel copy = new PointRowViewModel(newName);
        copy.function.set(function.get());
        copy.address.set(address.get());
        copy.dataType.set(dataType.get());
        copy.count.set(count.get());
        copy.length.set(length.get());
        copy.byteOrder.set(byteOrder.get());
        copy.wordOrder.set(wordOrder.get());
        copy.scale.set(scale.get());
        copy.offset.set(offset.get());
        copy.unit.set(unit.get());
        return copy;
    }

    /**
     * The row as a checked point.
     *
     * @throws ProtocolException naming the field that is wrong, e.g. {@code address: must be between 0 and 65535}
     */
    public ModbusPoint toPoint() {
        ModbusFunction parsedFunction = parse(function.get(), "function", ModbusFunction::fromWire);
        ModbusDataType parsedType = parse(dataType.get(), "dataType", ModbusDataType::fromWire);
        return new ModbusPoint(FormNumbers.trimmed(name.get()), parsedFunction,
                FormNumbers.requiredWhole(address.get(), "address"), parsedType,
                FormNumbers.whole(count.get(), "count"), FormNumbers.whole(length.get(), "length"),
                parse(byteOrder.get(), "byteOrder", Endianness::fromWire),
                parse(wordOrder.get(), "wordOrder", Endianness::fromWire), FormNumbers.decimal(scale.get(), "scale"),
                FormNumbers.decimal(offset.get(), "offset"), FormNumbers.trimmed(unit.get()));
    }

    /** Every editable value, for list extractors that recheck the map when a cell changes. */
    Observable[] observables() {
        return new Observable[] {name, function, address, dataType, count, length, byteOrder, wordOrder, scale,
                offset, unit};
    }

    private static <T> T parse(String wire, String field, Function<String, T> reader) {
        if (wire == null || wire.isBlank()) {
            return null;
        }
        try {
            return reader.apply(wire.strip());
        } catch (ProtocolException e) {
            throw e.within(field);
        }
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** The Modbus table as its wire name, e.g. {@code holding-registers}. */
    public StringProperty functionProperty() {
        return function;
    }

    public StringProperty addressProperty() {
        return address;
    }

    /** The data type as its wire name, e.g. {@code float32}. */
    public StringProperty dataTypeProperty() {
        return dataType;
    }

    public StringProperty countProperty() {
        return count;
    }

    public StringProperty lengthProperty() {
        return length;
    }

    /** {@code big} or {@code little}. */
    public StringProperty byteOrderProperty() {
        return byteOrder;
    }

    /** {@code big} or {@code little}. */
    public StringProperty wordOrderProperty() {
        return wordOrder;
    }

    public StringProperty scaleProperty() {
        return scale;
    }

    public StringProperty offsetProperty() {
        return offset;
    }

    public StringProperty unitProperty() {
        return unit;
    }
}
