package io.taskrunner.console.service.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.console.persistence.PersistenceException;
import io.taskrunner.protocol.security.SecretBox;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Seals a stored job spec's parameters that its inline task definition declares {@code secret} (specs keep them
 * because retries and re-runs send them again). Each value's JSON text is sealed for the purpose
 * {@code job.parameter.<name>}, so numbers and booleans come back as they were. A job of a stored task keeps its
 * parameters as given: which of them are secret is known only to the agents.
 */
final class JobSecrets {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobSecrets() {
    }

    /** Seals the spec tree's secret parameters not sealed yet; true when it changed anything. */
    static boolean seal(JsonNode spec, SecretBox secrets) {
        boolean changed = false;
        for (Map.Entry<String, JsonNode> parameter : secretParameters(spec)) {
            JsonNode value = parameter.getValue();
            if (!(value.isTextual() && SecretBox.isSealed(value.textValue()))) {
                parameter.setValue(JSON.getNodeFactory().textNode(secrets.seal(purpose(parameter.getKey()),
                        value.toString())));
                changed = true;
            }
        }
        return changed;
    }

    /** Opens the spec tree's sealed secret parameters; plaintext ones (stored before encryption) stay as they are. */
    static boolean open(JsonNode spec, SecretBox secrets) {
        boolean changed = false;
        for (Map.Entry<String, JsonNode> parameter : secretParameters(spec)) {
            JsonNode value = parameter.getValue();
            if (value.isTextual() && SecretBox.isSealed(value.textValue())) {
                String name = parameter.getKey();
                try {
                    parameter.setValue(JSON.readTree(secrets.open(purpose(name), value.textValue())));
                } catch (JsonProcessingException e) {
                    throw new PersistenceException("secret job parameter '" + name + "' is not JSON once decrypted",
                            null);
                }
                changed = true;
            }
        }
        return changed;
    }

    private static Set<Map.Entry<String, JsonNode>> secretParameters(JsonNode spec) {
        Set<String> secret = new HashSet<>();
        spec.path("definition").path("parameters").forEach(declared -> {
            if (declared.path("secret").asBoolean(false)) {
                secret.add(declared.path("name").asText());
            }
        });
        JsonNode parameters = spec.get("parameters");
        if (secret.isEmpty() || !(parameters instanceof ObjectNode values)) {
            return Set.of();
        }
        Set<Map.Entry<String, JsonNode>> found = new HashSet<>();
        for (Map.Entry<String, JsonNode> parameter : values.properties()) {
            if (secret.contains(parameter.getKey()) && !parameter.getValue().isNull()) {
                found.add(parameter);
            }
        }
        return found;
    }

    private static String purpose(String parameter) {
        return "job.parameter." + parameter;
    }
}
