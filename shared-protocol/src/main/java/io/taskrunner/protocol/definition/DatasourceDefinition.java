package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.Map;

/**
 * A database SQL and backup tasks can use by name. The password is never in the definition: {@code passwordRef}
 * names where the agent finds it ({@code env:NAME} for an environment variable, {@code file:/path} for a file's
 * first line, {@code secret:NAME} for the agent's secrets file).
 */
public record DatasourceDefinition(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String jdbcUrl,
        String user,
        String passwordRef,
        Map<String, String> properties) {

    public DatasourceDefinition {
        Definitions.checkName(name, "name");
        Check.maxLength(Check.notBlank(jdbcUrl, "jdbcUrl"), 4096, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new ProtocolException("jdbcUrl", "must start with jdbc:");
        }
        Check.maxLength(user, 256, "user");
        Check.maxLength(passwordRef, 1024, "passwordRef");
        if (passwordRef != null && !passwordRef.matches("(env|file|secret):.+")) {
            throw new ProtocolException("passwordRef", "must be env:NAME, file:/path or secret:NAME");
        }
        properties = Check.mapOf(properties, 100, "properties");
    }
}
