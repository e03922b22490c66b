package io.taskrunner.agent.field.modbus;

import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.protocol.definition.field.Endianness;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the raw contents of a point (16-bit registers, or bits as 0 and 1) into its value and back. Values are
 * {@code Boolean} (bool), {@code Long} (integer types without scale or offset), {@code Double} (floats and any
 * scaled value) and {@code String} (string: 8-bit characters, trailing NULs and spaces dropped); a point with
 * {@code count > 1} is a {@code List} of them. Scaling is decimal ({@code 215 * 0.1} is 21.5, not
 * 21.500000000000004). Pure and thread-safe.
 */
public final class ModbusCodec {
    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    private ModbusCodec() {
    }

    /**
     * The value of {@code point} from its raw contents.
     *
     * @param raw {@link ModbusPoint#span()} entries: registers (0-65535) or bits (0 or 1)
     */
    public static Object decode(ModbusPoint point, int[] raw) {
        if (raw.length != point.span()) {
            throw new IllegalArgumentException(point.name() + " spans " + point.span() + ", got " + raw.length);
        }
        if (point.dataType() == ModbusDataType.STRING) {
            return decodeString(point, raw);
        }
        int size = point.function().bits() ? 1 : point.dataType().registers();
        List<Object> values = new ArrayList<>(point.count());
        for (int i = 0; i < point.count(); i++) {
            values.add(decodeOne(point, raw, i * size));
        }
        return point.count() == 1 ? values.getFirst() : values;
    }

    /**
     * The raw contents to write {@code values} (one per {@link ModbusPoint#count()}) to {@code layout}.
     *
     * @throws FieldDeviceException naming the value when it has the wrong type or does not fit the data type
     */
    public static int[] encode(ModbusPoint layout, List<?> values) {
        if (values.size() != layout.count()) {
            throw new IllegalArgumentException(layout.name() + " holds " + layout.count() + " values, got "
                    + values.size());
        }
        if (layout.dataType() == ModbusDataType.STRING) {
            return encodeString(layout, values.getFirst());
        }
        int size = layout.function().bits() ? 1 : layout.dataType().registers();
        int[] raw = new int[layout.span()];
        for (int i = 0; i < values.size(); i++) {
            int[] one = encodeOne(layout, values.get(i));
            System.arraycopy(one, 0, raw, i * size, size);
        }
        return raw;
    }

    /**
     * Reads one value for {@code point} from text, as a task's {@code values} entry or a parameter gives it:
     * bool {@code true/false/1/0/on/off}; a number (integers also as {@code 0x..}); a string as it is.
     *
     * @return Boolean, Long, Double or String
     * @throws FieldDeviceException naming the text when it is no value of the point's type
     */
    public static Object parse(String text, ModbusPoint point) {
        ModbusDataType type = point.dataType();
        if (type == ModbusDataType.STRING) {
            return text;
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (type == ModbusDataType.BOOL) {
            return switch (value) {
                case "true", "1", "on" -> Boolean.TRUE;
                case "false", "0", "off" -> Boolean.FALSE;
                default -> throw new FieldDeviceException("'" + text + "' is not a bool for " + point.name()
                        + "; write true/false, 1/0 or on/off");
            };
        }
        try {
            if (value.startsWith("0x") || value.startsWith("-0x")) {
                boolean negative = value.startsWith("-");
                long magnitude = Long.parseLong(value.substring(negative ? 3 : 2), 16);
                return negative ? -magnitude : magnitude;
            }
            BigDecimal number = new BigDecimal(value);
            // digits before the point checked first: "1e999999999" must not become a billion-digit integer
            if (number.stripTrailingZeros().scale() <= 0 && number.precision() - number.scale() <= 19) {
                try {
                    return number.longValueExact();
                } catch (ArithmeticException e) {
                    return number.doubleValue();
                }
            }
            return number.doubleValue();
        } catch (NumberFormatException e) {
            throw new FieldDeviceException("'" + text + "' is not a number for " + point.name() + " ("
                    + type.wire() + ")", e);
        }
    }

    private static Object decodeOne(ModbusPoint point, int[] raw, int at) {
        ModbusDataType type = point.dataType();
        if (type == ModbusDataType.BOOL) {
            return raw[at] != 0;
        }
        if (type == ModbusDataType.FLOAT32 || type == ModbusDataType.FLOAT64) {
            double value = type == ModbusDataType.FLOAT32
                    // through its own text, so 0.1f reads 0.1 rather than 0.10000000149011612
                    ? Double.parseDouble(Float.toString(Float.intBitsToFloat((int) bits(point, raw, at, 2))))
                    : Double.longBitsToDouble(bits(point, raw, at, 4));
            // NaN and infinities stay as the device sent them
            return Double.isFinite(value) && point.scaled() ? scaled(point, BigDecimal.valueOf(value)) : value;
        }
        long whole = switch (type) {
            case INT16 -> (short) word(point, raw[at]);
            case UINT16 -> word(point, raw[at]);
            case INT32 -> (int) bits(point, raw, at, 2);
            case UINT32 -> bits(point, raw, at, 2);
            default -> throw new IllegalStateException("not a number type: " + type);
        };
        return point.scaled() ? (Object) scaled(point, BigDecimal.valueOf(whole)) : (Object) whole;
    }

    private static double scaled(ModbusPoint point, BigDecimal raw) {
        return raw.multiply(BigDecimal.valueOf(point.scaleOrOne())).add(BigDecimal.valueOf(point.offsetOrZero()))
                .doubleValue();
    }

    private static int[] encodeOne(ModbusPoint layout, Object value) {
        ModbusDataType type = layout.dataType();
        if (type == ModbusDataType.BOOL) {
            boolean on = switch (value) {
                case Boolean bool -> bool;
                case Number number when number.doubleValue() == 0 || number.doubleValue() == 1 ->
                        number.doubleValue() == 1;
                default -> throw new FieldDeviceException("value " + shown(value) + " is not a bool (true or false)"
                        + " for " + layout.name());
            };
            return new int[] {on ? 1 : 0};
        }
        BigDecimal number = raw(layout, value);
        return switch (type) {
            case INT16 -> new int[] {word(layout, (int) fit(layout, value, number, -32768, 32767) & 0xFFFF)};
            case UINT16 -> new int[] {word(layout, (int) fit(layout, value, number, 0, 65535))};
            case INT32 -> words(layout, fit(layout, value, number, Integer.MIN_VALUE, Integer.MAX_VALUE), 2);
            case UINT32 -> words(layout, fit(layout, value, number, 0, UINT32_MAX), 2);
            case FLOAT32 -> {
                double exact = number.doubleValue();
                if (Math.abs(exact) > Float.MAX_VALUE) {
                    throw new FieldDeviceException("value " + shown(value) + scaledNote(layout, number)
                            + " does not fit float32 (at most " + Float.MAX_VALUE + ")");
                }
                yield words(layout, Float.floatToIntBits((float) exact) & UINT32_MAX, 2);
            }
            case FLOAT64 -> words(layout, Double.doubleToLongBits(number.doubleValue()), 4);
            default -> throw new IllegalStateException("not a number type: " + type);
        };
    }

    /** {@code (value - offset) / scale}, exact as a decimal. */
    private static BigDecimal raw(ModbusPoint layout, Object value) {
        BigDecimal number = switch (value) {
            case Long whole -> BigDecimal.valueOf(whole);
            case Integer whole -> BigDecimal.valueOf(whole);
            case Short whole -> BigDecimal.valueOf(whole);
            case BigDecimal decimal -> decimal;
            case BigInteger whole -> new BigDecimal(whole);
            case Double real when Double.isFinite(real) -> BigDecimal.valueOf(real);
            case Float real when Float.isFinite(real) -> new BigDecimal(Float.toString(real));
            case Double _, Float _ -> throw new FieldDeviceException("value " + value + " is not a finite number for "
                    + layout.name());
            default -> throw new FieldDeviceException("value " + shown(value) + " is not a number for "
                    + layout.name() + " (" + layout.dataType().wire() + ")");
        };
        if (!layout.scaled()) {
            return number;
        }
        return number.subtract(BigDecimal.valueOf(layout.offsetOrZero()))
                .divide(BigDecimal.valueOf(layout.scaleOrOne()), MathContext.DECIMAL64);
    }

    /** The raw value rounded (half away from zero), checked against the type's range. */
    private static long fit(ModbusPoint layout, Object value, BigDecimal raw, long min, long max) {
        BigDecimal rounded = raw.setScale(0, RoundingMode.HALF_UP);
        if (rounded.compareTo(BigDecimal.valueOf(min)) < 0 || rounded.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new FieldDeviceException("value " + shown(value) + scaledNote(layout, raw) + " does not fit "
                    + layout.dataType().wire() + " (" + min + ".." + max + ")");
        }
        return rounded.longValueExact();
    }

    private static String scaledNote(ModbusPoint layout, BigDecimal raw) {
        return layout.scaled() ? " (raw " + raw.stripTrailingZeros().toPlainString() + " after scale "
                + layout.scaleOrOne() + " and offset " + layout.offsetOrZero() + ")" : "";
    }

    private static String shown(Object value) {
        return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
    }

    private static Object decodeString(ModbusPoint point, int[] raw) {
        StringBuilder text = new StringBuilder(point.length());
        for (int i = 0; i < point.length(); i++) {
            int register = word(point, raw[i / 2]);
            text.append((char) (i % 2 == 0 ? register >>> 8 : register & 0xFF));
        }
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\0' || text.charAt(end - 1) == ' ')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static int[] encodeString(ModbusPoint layout, Object value) {
        if (!(value instanceof String text)) {
            throw new FieldDeviceException("value " + value + " is not a string for " + layout.name());
        }
        if (text.length() > layout.length()) {
            throw new FieldDeviceException("value '" + text + "' has " + text.length() + " characters; "
                    + layout.name() + " holds at most " + layout.length());
        }
        int[] raw = new int[layout.span()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                throw new FieldDeviceException("value '" + text + "': character '" + c + "' at " + i
                        + " does not fit 8 bits; a Modbus string holds Latin-1 characters only");
            }
            raw[i / 2] |= i % 2 == 0 ? c << 8 : c;
        }
        for (int i = 0; i < raw.length; i++) {
            raw[i] = word(layout, raw[i]);
        }
        return raw;
    }

    /** A register as the value reads it: its two bytes swapped when the byte order is little. */
    private static int word(ModbusPoint point, int register) {
        int value = register & 0xFFFF;
        return point.byteOrder() == Endianness.LITTLE ? (value >>> 8) | (value & 0xFF) << 8 : value;
    }

    /** {@code count} registers from {@code at} as one unsigned number, high word first unless the order is little. */
    private static long bits(ModbusPoint point, int[] raw, int at, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            int index = point.wordOrder() == Endianness.LITTLE ? at + count - 1 - i : at + i;
            value = value << 16 | word(point, raw[index]);
        }
        return value;
    }

    /** The inverse of {@link #bits}: {@code value} as {@code count} registers in the point's orders. */
    private static int[] words(ModbusPoint point, long value, int count) {
        int[] raw = new int[count];
        for (int i = 0; i < count; i++) {
            int word = (int) (value >>> 16 * (count - 1 - i)) & 0xFFFF;
            int index = point.wordOrder() == Endianness.LITTLE ? count - 1 - i : i;
            raw[index] = word(point, word);
        }
        return raw;
    }
}
