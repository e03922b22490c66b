package io.taskrunner.agent.field.serial;

import com.fazecast.jSerialComm.SerialPort;
import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Finds the device {@link SerialPortSettings} mean. By USB identity ({@code usbId}, then {@code usbSerial}) among
 * the ports the system lists, the name being the fallback; by name otherwise. On POSIX systems the result is the
 * real device path with symlinks resolved ({@code /dev/serial/by-id/...}, a link to a pty), so the same device is
 * always one lock and one open port whatever it was called. Thread-safe.
 */
final class PortResolver {
    private final Supplier<List<PortInfo>> enumeration;
    private final boolean windows;

    /**
     * @param enumeration lists the serial ports present now
     * @param windows     ports are named {@code COM3}, not paths
     */
    PortResolver(Supplier<List<PortInfo>> enumeration, boolean windows) {
        this.enumeration = enumeration;
        this.windows = windows;
    }

    /** Resolves against the ports jSerialComm lists on this machine. */
    static PortResolver system() {
        return new PortResolver(() -> Arrays.stream(SerialPort.getCommPorts())
                .map(port -> new PortInfo(port.getSystemPortName(), port.getSystemPortPath(), port.getVendorID(),
                        port.getProductID(), port.getSerialNumber()))
                .toList(), File.separatorChar == '\\');
    }

    /**
     * The device to open: a real path on POSIX, the port name ({@code COM3}) on Windows.
     *
     * @throws FieldDeviceException when the port does not exist, no USB adapter matches or several do
     */
    String resolve(SerialPortSettings settings) {
        if (settings.usbId() == null) {
            return byName(settings.port(), null);
        }
        int vendor = HexFormat.fromHexDigits(settings.usbId(), 0, 4);
        int product = HexFormat.fromHexDigits(settings.usbId(), 5, 9);
        List<PortInfo> present = enumeration.get();
        List<PortInfo> matches = present.stream()
                .filter(port -> port.vendorId() == vendor && port.productId() == product)
                .filter(port -> settings.usbSerial() == null || settings.usbSerial().equals(port.serialNumber()))
                .toList();
        String wanted = settings.usbId() + (settings.usbSerial() == null ? "" : " serial " + settings.usbSerial());
        if (matches.size() == 1) {
            return byName(shown(matches.getFirst()), present);
        }
        if (matches.isEmpty()) {
            if (settings.port() != null) {
                return byName(settings.port(), present, "no USB serial adapter " + wanted + " is plugged in, and ");
            }
            throw new FieldDeviceException("no USB serial adapter " + wanted + " is plugged in; present: "
                    + describe(present, true));
        }
        if (settings.port() != null) {
            // the name, when it is one of them, picks the adapter
            List<String> matching = matches.stream().map(match -> byName(shown(match), present)).toList();
            try {
                String named = byName(settings.port(), present);
                if (matching.contains(named)) {
                    return named;
                }
            } catch (FieldDeviceException e) {
                // the name is gone too: only the several matches count
            }
        }
        throw new FieldDeviceException("several USB serial adapters " + wanted + " are plugged in: "
                + describe(matches, true) + "; set "
                + (settings.usbSerial() == null ? "usbSerial" : "port") + " to pick one");
    }

    private String byName(String name, List<PortInfo> present) {
        return byName(name, present, "");
    }

    private String byName(String name, List<PortInfo> known, String prefix) {
        if (windows) {
            String bare = name.startsWith("\\\\.\\") ? name.substring(4) : name;
            List<PortInfo> present = known == null ? enumeration.get() : known;
            return present.stream().map(PortInfo::name).filter(bare::equalsIgnoreCase).findFirst()
                    .orElseThrow(() -> missing(prefix, name, present));
        }
        Path path = name.indexOf('/') >= 0 ? Path.of(name) : Path.of("/dev", name);
        try {
            if (Files.exists(path)) {
                return path.toRealPath().toString();
            }
        } catch (IOException e) {
            // vanished between the two calls: as missing
        }
        throw missing(prefix, name, known == null ? enumeration.get() : known);
    }

    private String shown(PortInfo port) {
        return windows ? port.name() : port.path();
    }

    private FieldDeviceException missing(String prefix, String name, List<PortInfo> present) {
        return new FieldDeviceException(prefix + "serial port " + name + " does not exist; present: "
                + describe(present, !prefix.isEmpty()));
    }

    private String describe(List<PortInfo> ports, boolean withUsb) {
        if (ports.isEmpty()) {
            return "none";
        }
        return ports.stream().map(port -> shown(port) + (withUsb && port.vendorId() >= 0 ? " (" + port.usb() + ")"
                : "")).collect(Collectors.joining(", "));
    }

    /**
     * A serial port the system lists.
     *
     * @param name     {@code COM3}, {@code ttyUSB0}
     * @param path     {@code \\.\COM3}, {@code /dev/ttyUSB0}
     * @param vendorId the USB vendor id, or -1 for a port that is not a USB adapter
     */
    record PortInfo(String name, String path, int vendorId, int productId, String serialNumber) {
        String usb() {
            return String.format(Locale.ROOT, "usb %04x:%04x", vendorId, productId)
                    + (serialNumber == null || serialNumber.isBlank() || "Unknown".equals(serialNumber) ? ""
                    : " serial " + serialNumber);
        }
    }
}
