package io.taskrunner.console.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.console.service.apitokens.ApiScope;
import io.taskrunner.console.service.desired.AgentLabels;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.fleet.FleetService;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/** {@code GET /agents} and {@code GET /agents/{id}}: the fleet with each agent's groups and tags. */
final class AgentEndpoints {
    private final FleetService fleet;
    private final DesiredStateService desired;

    AgentEndpoints(FleetService fleet, DesiredStateService desired) {
        this.fleet = fleet;
        this.desired = desired;
    }

    /** Every agent the token reaches, by id; {@code ?group=&tag=&online=} narrow the list. */
    ApiResponse list(ApiRequest request) {
        request.caller().require(ApiScope.AGENTS_READ);
        request.allowQuery(Set.of("group", "tag", "online"));
        String group = request.query().get("group");
        String tag = request.query().get("tag");
        Boolean online = request.flag("online");
        Map<String, AgentLabels> labels = desired.labels();
        ObjectNode body = ApiJson.MAPPER.createObjectNode();
        ArrayNode agents = body.putArray("agents");
        fleet.agents().stream().sorted(Comparator.comparing(AgentSnapshot::agentId)).forEach(agent -> {
            AgentLabels agentLabels = labelsOf(labels, agent.agentId());
            if (request.caller().token().reaches(agent.agentId(), agentLabels.groups())
                    && (group == null || agentLabels.groups().contains(group))
                    && (tag == null || agentLabels.tags().contains(tag))
                    && (online == null || agent.online() == online)) {
                agents.add(ApiJson.agent(agent, agentLabels));
            }
        });
        return ApiResponse.ok(body);
    }

    ApiResponse get(ApiRequest request, String agentId) {
        request.caller().require(ApiScope.AGENTS_READ);
        request.allowQuery(Set.of());
        AgentSnapshot agent = known(agentId);
        AgentLabels labels = labelsOf(desired.labels(), agentId);
        request.caller().requireReach(agentId, labels.groups());
        return ApiResponse.ok(ApiJson.agent(agent, labels));
    }

    /** @throws ApiException 404 when the console has never seen the agent */
    AgentSnapshot known(String agentId) {
        return fleet.agent(agentId).orElseThrow(() -> ApiException.notFound("no agent '" + agentId
                + "' is known to the console"));
    }

    static AgentLabels labelsOf(Map<String, AgentLabels> labels, String agentId) {
        return labels.getOrDefault(agentId, new AgentLabels(agentId, Set.of(), Set.of()));
    }
}
