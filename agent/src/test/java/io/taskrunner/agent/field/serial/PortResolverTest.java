package io.taskrunner.agent.field.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.agent.field.serial.PortResolver.PortInfo;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolution against files in a temp folder standing in for device nodes, and a given list of present ports. */
class PortResolverTest {
    @TempDir
    Path dir;
    private Path usb0;
    private Path usb1;
    private List<PortInfo> present;

    @BeforeEach
    void devices() throws IOException {
        usb0 = Files.createFile(dir.resolve("ttyUSB0")).toRealPath();
        usb1 = Files.createFile(dir.resolve("ttyUSB1")).toRealPath();
        present = List.of(new PortInfo("ttyS0", "/dev/ttyS0", -1, -1, "Unknown"),
                new PortInfo("ttyUSB0", usb0.toString(), 0x0403, 0x6001, "A1"),
                new PortInfo("ttyUSB1", usb1.toString(), 0x0403, 0x6001, "B2"));
    }

    @Test
    void name_throughASymlink_resolvesToTheRealDevice() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("scale"), usb0);

        assertThat(posix().resolve(SerialPortSettings.named(link.toString()))).isEqualTo(usb0.toString());
    }

    @Test
    void missingName_listsThePortsPresent() {
        String missing = dir.resolve("ttyUSB9").toString();

        assertThatThrownBy(() -> posix().resolve(SerialPortSettings.named(missing)))
                .isInstanceOf(FieldDeviceException.class)
                .hasMessage("serial port " + missing + " does not exist; present: /dev/ttyS0, " + usb0 + ", " + usb1);
    }

    @Test
    void usbIdAndSerial_pickTheOneAdapter() {
        assertThat(posix().resolve(usb("0403:6001", "B2", null))).isEqualTo(usb1.toString());
    }

    @Test
    void usbIdMatchingSeveral_withoutSerial_isRefused() {
        assertThatThrownBy(() -> posix().resolve(usb("0403:6001", null, null)))
                .isInstanceOf(FieldDeviceException.class)
                .hasMessage("several USB serial adapters 0403:6001 are plugged in: " + usb0 + " (usb 0403:6001 serial"
                        + " A1), " + usb1 + " (usb 0403:6001 serial B2); set usbSerial to pick one");
    }

    @Test
    void usbIdMatchingSeveral_isDecidedByTheNameWhenItIsOneOfThem() {
        assertThat(posix().resolve(usb("0403:6001", null, usb1.toString()))).isEqualTo(usb1.toString());
    }

    @Test
    void usbIdMatchingNone_withoutName_listsTheAdapters() {
        assertThatThrownBy(() -> posix().resolve(usb("067b:2303", null, null)))
                .isInstanceOf(FieldDeviceException.class)
                .hasMessage("no USB serial adapter 067b:2303 is plugged in; present: /dev/ttyS0, " + usb0
                        + " (usb 0403:6001 serial A1), " + usb1 + " (usb 0403:6001 serial B2)");
    }

    @Test
    void usbIdMatchingNone_fallsBackToTheName() {
        assertThat(posix().resolve(usb("0403:6001", "C3", usb0.toString()))).isEqualTo(usb0.toString());
    }

    @Test
    void usbIdMatchingNone_andNameMissing_saysBoth() {
        String missing = dir.resolve("ttyUSB9").toString();

        assertThatThrownBy(() -> posix().resolve(usb("0403:6001", "C3", missing)))
                .isInstanceOf(FieldDeviceException.class)
                .hasMessageStartingWith("no USB serial adapter 0403:6001 serial C3 is plugged in, and serial port "
                        + missing + " does not exist; present: /dev/ttyS0, ");
    }

    @Test
    void windowsNames_matchTheListedPortsIgnoringCase() {
        PortResolver windows = new PortResolver(() -> List.of(new PortInfo("COM1", "\\\\.\\COM1", -1, -1, ""),
                new PortInfo("COM3", "\\\\.\\COM3", 0x0403, 0x6001, "A1")), true);

        assertThat(windows.resolve(SerialPortSettings.named("com3"))).isEqualTo("COM3");
        assertThat(windows.resolve(usb("0403:6001", null, null))).isEqualTo("COM3");
        assertThatThrownBy(() -> windows.resolve(SerialPortSettings.named("COM7")))
                .hasMessage("serial port COM7 does not exist; present: COM1, COM3");
    }

    private PortResolver posix() {
        return new PortResolver(() -> present, false);
    }

    private static SerialPortSettings usb(String usbId, String usbSerial, String port) {
        return new SerialPortSettings(port, usbId, usbSerial, 0, 0, null, null, null);
    }
}
