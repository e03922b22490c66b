package io.taskrunner.agent.api.core;

import io.taskrunner.agent.api.auth.Caller;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.trigger.DeviceDataStore;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.HttpRoute;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a row through a store route: the route (a definition) names the datasource, table and columns; a request
 * or WebSocket message only brings values, which are bound, never part of the statement.
 */
public final class RouteStore {
    private static final Logger LOG = LoggerFactory.getLogger(RouteStore.class);

    private final DefinitionRegistry definitions;
    private final DeviceDataStore store;
    private final ParameterSources sources;

    public RouteStore(DefinitionRegistry definitions, DeviceDataStore store, ParameterSources sources) {
        this.definitions = definitions;
        this.store = store;
        this.sources = sources;
    }

    /**
     * The enabled store route of that name that {@code caller} may use.
     *
     * @throws ApiException 404 when there is none (or it runs a task), 403 without scope {@code store:<name>}
     */
    public HttpRoute route(Caller caller, String name) {
        HttpRoute route = definitions.current().route(name).filter(HttpRoute::isEnabled)
                .filter(found -> found.store() != null).orElseThrow(() -> ApiException.notFound("unknown-route",
                        "Unknown store route", "this agent has no store route '" + name + "'"));
        if (!route.isPublic() && !caller.mayStore(name)) {
            throw ApiException.forbidden("token '" + caller.name() + "' may not store through route '" + name
                    + "'; it needs scope store:" + name);
        }
        return route;
    }

    /** @throws ApiException 422 for values the route cannot map, 502 when the datasource refuses the row */
    public void store(HttpRoute route, RequestValues values) {
        Map<String, Object> mapped;
        try {
            mapped = sources.fromRoute(route, null, values).parameters();
        } catch (ProtocolException e) {
            throw ApiException.invalid(e);
        }
        try {
            store.insert(route.store(), mapped);
        } catch (TaskException e) {
            LOG.warn("route {}: {}", route.name(), e.getMessage());
            throw ApiException.storeFailed(e.getMessage());
        }
    }
}
