package io.taskrunner.console.core;

import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.devices.DeviceCredentialService;
import io.taskrunner.console.service.field.LiveValues;
import io.taskrunner.console.service.fleet.FleetService;
import io.taskrunner.console.service.jobs.JobService;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.i18n.LanguageSettings;

/**
 * What the UI layer gets from the console core: services only, no transport or persistence.
 *
 * @param desired    definitions, their targets and deployment (the Field devices section saves collectors there)
 * @param liveValues the latest values of the agents' collectors
 * @param jobs       fleet jobs: one task on many agents, followed per agent (the Jobs section)
 */
public record ConsoleServices(FleetService fleet, RunService runs, DeviceCredentialService devices,
        DesiredStateService desired, LiveValues liveValues, JobService jobs, LanguageSettings language,
        ConsoleInfo info) {
}
