package io.taskrunner.console.service.broker.export;

import java.util.ArrayList;
import java.util.List;

/**
 * Mosquitto's {@code password_file}: {@code name:$7$...} for each enabled device whose password the console holds in
 * that form. A device without one (its password was set before the console kept it) is left out and named, so the
 * operator can rotate its password.
 *
 * @param text    the file's content
 * @param skipped the devices left out, by name
 */
record MosquittoPasswordFile(String text, List<String> skipped) {
    MosquittoPasswordFile {
        skipped = List.copyOf(skipped);
    }

    static MosquittoPasswordFile of(BrokerRules rules) {
        StringBuilder text = new StringBuilder("# TaskRunner device passwords for Mosquitto 2.0 (PBKDF2-SHA512).\n");
        List<String> skipped = new ArrayList<>();
        for (DeviceAccess device : rules.devices()) {
            if (device.mosquittoHash().isPresent()) {
                text.append(device.name()).append(':').append(device.mosquittoHash().get()).append('\n');
            } else {
                skipped.add(device.name());
            }
        }
        return new MosquittoPasswordFile(text.toString(), skipped);
    }
}
