package io.taskrunner.console.service.broker.export;

import java.nio.file.Path;
import java.util.List;

/**
 * What an export wrote.
 *
 * @param files                  the files written, in the order written
 * @param devicesWithoutPassword enabled devices left out of Mosquitto's password file because the console holds
 *                               their password only in its own form: rotating the password makes them exportable
 */
public record BrokerExport(List<Path> files, List<String> devicesWithoutPassword) {
    public BrokerExport {
        files = List.copyOf(files);
        devicesWithoutPassword = List.copyOf(devicesWithoutPassword);
    }
}
