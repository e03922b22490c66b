package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.definition.DefinitionSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything an agent should hold, versioned; retained and signed on {@code agents/{id}/desired}.
 *
 * @param groups the groups the agent belongs to (sorted, no duplicates): it takes commands for any one agent of
 *               these groups from their shared subscriptions; empty (and left out of the JSON) for none
 */
public record DesiredBundle(
        @JsonProperty(required = true) long version,
        @JsonProperty(required = true) DefinitionSet definitions,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> groups) implements MessageBody {

    public static final int MAX_GROUPS = 100;

    public DesiredBundle {
        Check.range(version, 1, Long.MAX_VALUE, "version");
        Check.required(definitions, "definitions");
        groups = Check.listOf(groups, MAX_GROUPS, "groups");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            try {
                Topics.checkLevel(groups.get(i), "a group name");
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("groups[" + i + "]", e.getMessage());
            }
            if (!seen.add(groups.get(i))) {
                throw new ProtocolException("groups[" + i + "]", "names group '" + groups.get(i) + "' twice");
            }
        }
    }

    /** A bundle for an agent in no group. */
    public DesiredBundle(long version, DefinitionSet definitions) {
        this(version, definitions, null);
    }
}
