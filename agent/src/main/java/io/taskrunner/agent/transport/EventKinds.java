package io.taskrunner.agent.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.taskrunner.protocol.message.MessageType;
import java.io.IOException;

/**
 * Tells alert events from the others by the envelope's {@code type}, without decoding the body: alerts go to the
 * agent's {@code alerts} topic, every other event to {@code events}. Both carry the same sequence numbers.
 */
final class EventKinds {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String ALERT = MessageType.ALERT_RAISED.wireName();

    private EventKinds() {
    }

    static boolean isAlert(byte[] event) {
        try (JsonParser parser = JSON.createParser(event)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("type")) {
                    return value == JsonToken.VALUE_STRING && parser.getText().equals(ALERT);
                }
                parser.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
