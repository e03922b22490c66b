package io.taskrunner.console.service.broker;

/** Names from certificates and CONNECT packets are attacker-controlled: keeps log lines on one line, and short. */
final class Printable {
    private Printable() {
    }

    static String of(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder text = new StringBuilder(Math.min(value.length(), ClientIdentity.MAX_LENGTH) + 2).append('"');
        value.codePoints().limit(ClientIdentity.MAX_LENGTH)
                .forEach(c -> text.append(Character.isISOControl(c) ? '?' : Character.toString(c)));
        return text.append('"').toString();
    }
}
