package io.taskrunner.agent.task;

import io.taskrunner.protocol.definition.DatasourceDefinition;
import java.sql.Connection;
import java.util.Optional;

/** The datasources the agent knows, by name, with their secrets resolved only when a connection is opened. */
public interface Datasources {

    Optional<DatasourceDefinition> definition(String name);

    /**
     * Opens a connection to the named datasource.
     *
     * @throws TaskException naming the datasource if it is unknown, its password reference cannot be resolved,
     *                       or the database refuses the connection
     */
    Connection open(String name);

    /** The password of the datasource, resolved from its reference; empty when it has none. */
    Optional<String> password(String name);
}
