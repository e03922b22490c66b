package io.taskrunner.protocol.definition.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.ModbusReadTask;
import io.taskrunner.protocol.definition.ModbusWriteTask;
import io.taskrunner.protocol.definition.SerialReadTask;
import io.taskrunner.protocol.definition.SerialWriteTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the field-device definitions accept, their defaults, and where they point at bad input. */
class FieldDeviceDefinitionsTest {
    private final MessageCodec codec = new MessageCodec();

    private ProtocolException refused(String json) {
        return catchThrowableOfType(ProtocolException.class, () -> codec.readValue(
                json.getBytes(StandardCharsets.UTF_8), TaskDefinition.class, "definition"));
    }

    private TaskDefinition read(String json) {
        return codec.readValue(json.getBytes(StandardCharsets.UTF_8), TaskDefinition.class, "definition");
    }

    @Test
    void modbusRead_minimal_getsTheDefaults() {
        ModbusReadTask spec = (ModbusReadTask) read("{\"name\":\"r\",\"type\":\"modbus-read\",\"spec\":{"
                + "\"host\":\"plc\",\"points\":[{\"name\":\"speed\",\"function\":\"holding-registers\","
                + "\"address\":7}]}}").spec();

        assertThat(spec.port()).isEqualTo(502);
        assertThat(spec.unitId()).isEqualTo(1);
        assertThat(spec.timeoutMillis()).isEqualTo(3000);
        ModbusPoint point = spec.points().getFirst();
        assertThat(point.dataType()).isEqualTo(ModbusDataType.UINT16);
        assertThat(point.byteOrder()).isEqualTo(Endianness.BIG);
        assertThat(point.wordOrder()).isEqualTo(Endianness.BIG);
        assertThat(point.count()).isEqualTo(1);
        assertThat(point.scaled()).isFalse();
        assertThat(spec.endpoint().label()).isEqualTo("plc:502 unit 1");
    }

    @Test
    void modbusRead_badPoint_isNamedByItsPath() {
        assertThat(refused("{\"name\":\"r\",\"type\":\"modbus-read\",\"spec\":{\"host\":\"plc\",\"points\":["
                + "{\"name\":\"a\",\"function\":\"coils\",\"address\":0},"
                + "{\"name\":\"b\",\"function\":\"coils\",\"address\":70000}]}}").field())
                .isEqualTo("definition.spec.points[1].address");
        assertThat(refused("{\"name\":\"r\",\"type\":\"modbus-read\",\"spec\":{\"host\":\"plc\",\"points\":["
                + "{\"name\":\"a\",\"function\":\"inputs\",\"address\":0}]}}").getMessage())
                .contains("points[0].function").contains("holding-registers");
        assertThat(refused("{\"name\":\"r\",\"type\":\"modbus-read\",\"spec\":{\"host\":\"plc\",\"points\":["
                + "{\"name\":\"a\",\"function\":\"coils\",\"address\":0,\"dataType\":\"float32\"}]}}").getMessage())
                .contains("points[0].dataType").contains("bool");
        assertThat(refused("{\"name\":\"r\",\"type\":\"modbus-read\",\"spec\":{\"host\":\"plc\",\"points\":[]}}")
                .getMessage()).contains("definition.spec.points").contains("at least one");
    }

    @Test
    void modbusRead_needsHostOrSerial_butNotBoth() {
        assertThat(refused("{\"name\":\"r\",\"type\":\"modbus-read\",\"spec\":{\"points\":[{\"name\":\"a\","
                + "\"function\":\"coils\",\"address\":0}]}}").getMessage()).contains("host").contains("serial");
        assertThatThrownBy(() -> new ModbusReadTask("plc", 0, null, 0, SerialPortSettings.named("COM1"),
                List.of(ModbusPoint.of("a", ModbusFunction.COILS, 0, null))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("serial");
        ModbusReadTask rtu = new ModbusReadTask(null, 0, 17, 0, SerialPortSettings.named("/dev/ttyUSB0"),
                List.of(ModbusPoint.of("a", ModbusFunction.COILS, 0, null)));
        assertThat(rtu.endpoint().rtu()).isTrue();
        assertThat(rtu.endpoint().label()).isEqualTo("/dev/ttyUSB0 unit 17");
    }

    @Test
    void modbusRead_duplicatePointNames_areRefused() {
        assertThatThrownBy(() -> new ModbusReadTask("plc", 0, null, 0, null, List.of(
                ModbusPoint.of("a", ModbusFunction.COILS, 0, null),
                ModbusPoint.of("a", ModbusFunction.COILS, 1, null))))
                .isInstanceOf(ProtocolException.class).hasMessage("points[1].name: 'a' is used twice");
    }

    @Test
    void point_span_countsRegistersPerTypeAndRespectsTheRequestLimit() {
        assertThat(ModbusPoint.of("f", ModbusFunction.HOLDING_REGISTERS, 0, ModbusDataType.FLOAT64).span())
                .isEqualTo(4);
        assertThat(new ModbusPoint("s", ModbusFunction.INPUT_REGISTERS, 0, ModbusDataType.STRING, 0, 11, null, null,
                null, null, null).span()).isEqualTo(6);
        assertThat(new ModbusPoint("c", ModbusFunction.COILS, 0, null, 2000, 0, null, null, null, null, null).span())
                .isEqualTo(2000);
        assertThatThrownBy(() -> new ModbusPoint("x", ModbusFunction.HOLDING_REGISTERS, 0, ModbusDataType.INT32,
                63, 0, null, null, null, null, null)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("needs 126 registers");
        assertThatThrownBy(() -> new ModbusPoint("x", ModbusFunction.HOLDING_REGISTERS, 65535,
                ModbusDataType.INT32, 0, 0, null, null, null, null, null)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("past the last address 65535");
    }

    @Test
    void point_scaleOnText_andZeroScale_areRefused() {
        assertThatThrownBy(() -> new ModbusPoint("x", ModbusFunction.HOLDING_REGISTERS, 0, ModbusDataType.STRING,
                0, 4, null, null, 0.1, null, null)).hasMessageContaining("scale: applies to numbers only");
        assertThatThrownBy(() -> new ModbusPoint("x", ModbusFunction.HOLDING_REGISTERS, 0, ModbusDataType.INT16,
                0, 0, null, null, 0.0, null, null)).hasMessageContaining("scale: must be a finite number other than 0");
        assertThatThrownBy(() -> new ModbusPoint("x", ModbusFunction.HOLDING_REGISTERS, 0, ModbusDataType.INT16,
                0, 3, null, null, null, null, null)).hasMessageContaining("length: applies to strings only");
        assertThatThrownBy(() -> ModbusPoint.of("1st", ModbusFunction.COILS, 0, null))
                .hasMessageContaining("must start with a letter");
    }

    @Test
    void modbusWrite_readOnlyTables_areRefused_andLayoutFollowsTheValues() {
        assertThat(refused("{\"name\":\"w\",\"type\":\"modbus-write\",\"spec\":{\"host\":\"plc\","
                + "\"function\":\"input-registers\",\"address\":0,\"values\":[\"1\"]}}").getMessage())
                .contains("definition.spec.function").contains("read-only");
        ModbusWriteTask write = new ModbusWriteTask("plc", 0, null, 0, null, null, 10, ModbusDataType.FLOAT32, 0,
                null, Endianness.LITTLE, null, null, List.of("1.5", "${x}"), true);
        assertThat(write.function()).isEqualTo(ModbusFunction.HOLDING_REGISTERS);
        assertThat(write.layout().count()).isEqualTo(2);
        assertThat(write.layout().span()).isEqualTo(4);
        assertThat(write.layout().wordOrder()).isEqualTo(Endianness.LITTLE);
        assertThat(refused("{\"name\":\"w\",\"type\":\"modbus-write\",\"spec\":{\"host\":\"plc\",\"address\":0,"
                + "\"values\":[]}}").getMessage()).contains("values").contains("at least one");
    }

    @Test
    void serialPort_needsANameOrUsbId_andChecksTheUsbId() {
        assertThatThrownBy(() -> new SerialPortSettings(" ", null, null, 0, 0, null, null, null))
                .hasMessageContaining("port: is required unless usbId");
        assertThatThrownBy(() -> new SerialPortSettings(null, "403:6001", null, 0, 0, null, null, null))
                .hasMessageContaining("usbId: must be VID:PID in hex");
        assertThatThrownBy(() -> new SerialPortSettings("COM1", null, "A1", 0, 0, null, null, null))
                .hasMessageContaining("usbSerial: needs usbId");
        assertThatThrownBy(() -> new SerialPortSettings("COM1", null, null, 0, 9, null, null, null))
                .hasMessageContaining("dataBits");
        SerialPortSettings usb = new SerialPortSettings("/dev/ttyUSB0", "0403:6001", "A9", 0, 0, null, null, null);
        assertThat(usb.baudRate()).isEqualTo(9600);
        assertThat(usb.dataBits()).isEqualTo(8);
        assertThat(usb.parity()).isEqualTo(SerialParity.NONE);
        assertThat(usb.stopBits()).isEqualTo(SerialStopBits.ONE);
        assertThat(usb.label()).isEqualTo("usb 0403:6001 serial A9 (or /dev/ttyUSB0)");
    }

    @Test
    void serialRead_checksItsFraming() {
        assertThat(refused("{\"name\":\"s\",\"type\":\"serial-read\",\"spec\":{\"serial\":{\"port\":\"COM1\","
                + "\"stopBits\":\"3\"}}}").getMessage()).contains("serial.stopBits").contains("1.5");
        assertThat(refused("{\"name\":\"s\",\"type\":\"serial-read\",\"spec\":{\"serial\":{\"port\":\"COM1\"},"
                + "\"pattern\":\"(unclosed\"}}").getMessage()).contains("definition.spec.pattern")
                .contains("regular expression");
        assertThat(refused("{\"name\":\"s\",\"type\":\"serial-read\",\"spec\":{\"serial\":{\"port\":\"COM1\"},"
                + "\"delimiter\":\"\\\\q\"}}").getMessage()).contains("definition.spec.delimiter")
                .contains("unknown escape \\q");
        assertThat(refused("{\"name\":\"s\",\"type\":\"serial-read\",\"spec\":{\"serial\":{\"port\":\"COM1\"},"
                + "\"delimiter\":\"\\\\n\",\"length\":8}}").getMessage()).contains("not both");
        assertThat(refused("{\"name\":\"s\",\"type\":\"serial-read\",\"spec\":{\"serial\":{\"port\":\"COM1\"},"
                + "\"charset\":\"klingon\"}}").getMessage()).contains("unknown character set 'klingon'");
        SerialReadTask spec = new SerialReadTask(SerialPortSettings.named("COM1"), "\\r\\n", 0, 0, 0, null, null);
        assertThat(spec.timeoutMillis()).isEqualTo(5000);
        assertThat(spec.idleMillis()).isEqualTo(100);
        assertThat(spec.frameCharset()).isEqualTo(StandardCharsets.US_ASCII);
    }

    @Test
    void serialWrite_hexDataMustBeHex() {
        assertThatThrownBy(() -> new SerialWriteTask(SerialPortSettings.named("COM1"), "01 0G", true, null, null, 0,
                0, 0, null)).hasMessageContaining("data: is not hex bytes");
        assertThat(new SerialWriteTask(SerialPortSettings.named("COM1"), "01 03 00 00", true, null, null, 0, 0, 0,
                null).hex()).isTrue();
        assertThatThrownBy(() -> new SerialWriteTask(SerialPortSettings.named("COM1"), "P\\", false, null, null, 0,
                0, 0, null)).hasMessageContaining("data: ends with a lone \\");
    }

    @Test
    void byteEscapes_decodeControlBytesAndHex() {
        assertThat(ByteEscapes.decode("ST\\r\\n\\x03\\\\\\t\\0é", StandardCharsets.UTF_8, "f"))
                .containsExactly('S', 'T', '\r', '\n', 3, '\\', '\t', 0, 0xC3 - 256, 0xA9 - 256);
        assertThatThrownBy(() -> ByteEscapes.decode("a\\x4", StandardCharsets.US_ASCII, "f"))
                .hasMessage("f: at 2: \\x needs two hex digits");
        assertThatThrownBy(() -> ByteEscapes.decode("a\\xZZ", StandardCharsets.US_ASCII, "f"))
                .hasMessage("f: at 2: \\x needs two hex digits");
    }
}
