package io.taskrunner.console.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Predicate;

/**
 * Rewrites stored JSON when its secret values are sealed or opened. The text is parsed only to change it and kept as
 * it was when nothing changed, so JSON without secrets is stored byte for byte as given.
 */
public final class SealedJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SealedJson() {
    }

    /**
     * The JSON after {@code change} ran on its tree; {@code change} says whether it changed anything.
     *
     * @param what names the JSON in the error when it does not parse (never its content: it may hold a secret)
     */
    public static String rewrite(String json, String what, Predicate<JsonNode> change) {
        if (json == null) {
            return null;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PersistenceException(what + " is not valid JSON (line " + e.getLocation().getLineNr() + ")",
                    null);
        }
        return change.test(tree) ? tree.toString() : json;
    }
}
