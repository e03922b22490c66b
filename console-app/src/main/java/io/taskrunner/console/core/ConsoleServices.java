package io.taskrunner.console.core;

import io.taskrunner.console.service.devices.DeviceCredentialService;
import io.taskrunner.console.service.fleet.FleetService;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.i18n.LanguageSettings;

/** What the UI layer gets from the console core: services only, no transport or persistence. */
public record ConsoleServices(FleetService fleet, RunService runs, DeviceCredentialService devices,
        LanguageSettings language, ConsoleInfo info) {
}
