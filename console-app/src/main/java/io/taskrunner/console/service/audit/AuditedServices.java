package io.taskrunner.console.service.audit;

import io.taskrunner.console.service.apitokens.ApiTokenService;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.devices.DeviceCredentialService;
import io.taskrunner.console.service.fleet.FleetService;
import io.taskrunner.console.service.jobs.JobService;
import io.taskrunner.console.service.runs.RunService;

/**
 * The services as operators reach them (window, Fleet API, core callers): each writes its actions to the audit
 * log. What the console does on its own (a job's rollout starting runs, a refresh of aging bundles) goes to the
 * plain services and is not an operator action.
 */
public record AuditedServices(FleetService fleet, RunService runs, JobService jobs, DesiredStateService desired,
        DeviceCredentialService devices, ApiTokenService apiTokens) {

    public static AuditedServices wrap(AuditLog audit, FleetService fleet, RunService runs, JobService jobs,
            DesiredStateService desired, DeviceCredentialService devices, ApiTokenService apiTokens) {
        return new AuditedServices(new AuditedFleetService(fleet, audit),
                new AuditedRunService(runs, audit, desired::task), new AuditedJobService(jobs, audit, desired::task),
                new AuditedDesiredStateService(desired, audit), new AuditedDeviceCredentialService(devices, audit),
                new AuditedApiTokenService(apiTokens, audit));
    }
}
