package io.taskrunner.protocol.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Seals and opens the inline passwords of datasource definitions in their JSON, for storage at rest. A datasource
 * names its password by reference ({@code passwordRef}), which is no secret; but a driver property whose name
 * contains {@code password} or {@code secret} (for example {@code password}, {@code sslpassword}) is a password
 * written inline. Its value is sealed for the purpose {@code datasource.<property>}. Works on trees, so it needs no
 * definition types and keeps unknown fields.
 */
public final class DatasourceSecrets {
    private DatasourceSecrets() {
    }

    /** Whether a datasource property of this name holds a secret. */
    public static boolean isSecretProperty(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret");
    }

    /** Seals the plaintext secret properties of one datasource definition; true when it changed anything. */
    public static boolean sealDatasource(JsonNode datasource, SecretBox box) {
        return apply(datasource, (purpose, value) -> SecretBox.isSealed(value) ? value : box.seal(purpose, value));
    }

    /** Opens the sealed secret properties of one datasource definition; true when it changed anything. */
    public static boolean openDatasource(JsonNode datasource, SecretBox box) {
        return apply(datasource, box::openIfSealed);
    }

    /** {@link #sealDatasource} for each datasource of a definition set's JSON ({@code datasources}). */
    public static boolean sealDefinitionSet(JsonNode definitions, SecretBox box) {
        boolean changed = false;
        for (JsonNode datasource : datasources(definitions)) {
            changed |= sealDatasource(datasource, box);
        }
        return changed;
    }

    /** {@link #openDatasource} for each datasource of a definition set's JSON ({@code datasources}). */
    public static boolean openDefinitionSet(JsonNode definitions, SecretBox box) {
        boolean changed = false;
        for (JsonNode datasource : datasources(definitions)) {
            changed |= openDatasource(datasource, box);
        }
        return changed;
    }

    private static List<JsonNode> datasources(JsonNode definitions) {
        List<JsonNode> all = new ArrayList<>();
        JsonNode datasources = definitions == null ? null : definitions.get("datasources");
        if (datasources != null && datasources.isArray()) {
            datasources.forEach(all::add);
        }
        return all;
    }

    private static boolean apply(JsonNode datasource, BinaryOperator<String> change) {
        JsonNode properties = datasource == null ? null : datasource.get("properties");
        if (!(properties instanceof ObjectNode object)) {
            return false;
        }
        boolean changed = false;
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            if (isSecretProperty(property.getKey()) && property.getValue().isTextual()) {
                String value = property.getValue().textValue();
                String changedValue = change.apply("datasource." + property.getKey(), value);
                if (!changedValue.equals(value)) {
                    property.setValue(object.textNode(changedValue));
                    changed = true;
                }
            }
        }
        return changed;
    }
}
