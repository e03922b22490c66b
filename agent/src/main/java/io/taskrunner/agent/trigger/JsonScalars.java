package io.taskrunner.agent.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.protocol.ProtocolException;
import java.math.BigDecimal;

/** A value from a device's or caller's JSON as parameters carry it. */
public final class JsonScalars {
    private JsonScalars() {
    }

    /**
     * Text, boolean or an exact decimal, as the parameter validator, a condition and a store insert take it; null
     * for a missing or null value; objects and arrays are passed on for the validator to refuse.
     *
     * @throws ProtocolException naming {@code field} for a number too large to hold (such as {@code 1e999})
     */
    public static Object of(JsonNode node, String field) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return new BigDecimal(node.bigIntegerValue());
        }
        if (node.isNumber()) {
            if (!node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
                throw new ProtocolException(field, "is a number too large to hold");
            }
            return node.decimalValue();
        }
        return node;
    }
}
