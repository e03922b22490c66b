package io.taskrunner.console.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.console.service.apitokens.ApiScope;
import io.taskrunner.console.service.apitokens.ApiToken;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.jobs.JobService;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobSpec;
import java.net.URI;
import java.util.Set;
import java.util.UUID;

/** {@code POST /jobs}, {@code GET /jobs/{id}}, {@code GET /jobs/{id}/executions}, {@code POST /jobs/{id}/cancel}. */
final class JobEndpoints {
    private final JobService jobs;
    private final JobSpecReader reader;
    private final Callbacks callbacks;

    JobEndpoints(JobService jobs, JobSpecReader reader, Callbacks callbacks) {
        this.jobs = jobs;
        this.reader = reader;
        this.callbacks = callbacks;
    }

    ApiResponse create(ApiRequest request) {
        request.caller().require(ApiScope.JOBS_WRITE);
        request.allowQuery(Set.of());
        JsonBody body = JsonBody.parse(request.body());
        JobSpec spec = reader.read(body);
        URI callback = CallbackSender.check(body.text("callback"), "callback");
        requireReach(request.caller().token(), spec);
        JobSnapshot job;
        try {
            job = jobs.create(spec);
        } catch (IllegalArgumentException e) {
            throw ApiException.fromInvalidValue(e.getMessage());
        }
        if (callback != null) {
            callbacks.afterJob(job.jobId(), callback, request.caller().signingKey());
        }
        return new ApiResponse(201, view(job), "/api/v1/jobs/" + job.jobId());
    }

    ApiResponse get(ApiRequest request, String id) {
        request.caller().require(ApiScope.JOBS_READ);
        request.allowQuery(Set.of());
        return ApiResponse.ok(view(readable(request, id)));
    }

    ApiResponse executions(ApiRequest request, String id) {
        request.caller().require(ApiScope.JOBS_READ);
        request.allowQuery(Set.of());
        JobSnapshot job = readable(request, id);
        ObjectNode body = ApiJson.MAPPER.createObjectNode();
        body.put("jobId", job.jobId().toString());
        ArrayNode executions = body.putArray("executions");
        jobs.executions(job.jobId()).forEach(execution -> executions.add(ApiJson.execution(execution)));
        return ApiResponse.ok(body);
    }

    ApiResponse cancel(ApiRequest request, String id) {
        request.caller().require(ApiScope.JOBS_WRITE);
        request.allowQuery(Set.of("force"));
        JobSnapshot job = readable(request, id);
        JobSnapshot cancelled = Boolean.TRUE.equals(request.flag("force")) ? jobs.forceCancel(job.jobId())
                : jobs.cancel(job.jobId());
        return ApiResponse.ok(view(cancelled));
    }

    private JobSnapshot readable(ApiRequest request, String id) {
        UUID jobId = RunEndpoints.uuid(id, "job");
        JobSnapshot job = jobs.job(jobId).orElseThrow(() -> ApiException.notFound("no job " + jobId));
        requireReach(request.caller().token(), job.spec());
        return job;
    }

    private ObjectNode view(JobSnapshot job) {
        return ApiJson.job(job, jobs.statistics(job.jobId()));
    }

    /** A restricted token may name only its own agents and groups: a tag or "all" could reach any agent. */
    private static void requireReach(ApiToken token, JobSpec spec) {
        if (!token.restricted()) {
            return;
        }
        for (Target target : spec.targets()) {
            boolean allowed = switch (target.type()) {
                case AGENT -> token.agentIds().contains(target.value());
                case GROUP -> token.agentGroups().contains(target.value());
                case TAG, ALL -> false;
            };
            if (!allowed) {
                throw ApiException.forbidden("the token '" + token.name() + "' may not reach the target "
                        + target.type().wire() + " '" + target.value() + "'");
            }
        }
    }
}
