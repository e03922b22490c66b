package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.Topics;
import java.util.List;

/** A named task an agent can run; the execution-engine work widens this to every task type. */
public record TaskDefinition(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String type,
        String description,
        List<String> argv,
        int timeoutSeconds) {

    public TaskDefinition {
        try {
            Topics.checkLevel(name, "name");
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("name", e.getMessage());
        }
        Check.maxLength(Check.notBlank(type, "type"), 64, "type");
        Check.maxLength(description, 4096, "description");
        argv = argv == null ? List.of() : List.copyOf(Check.maxSize(argv, 1024, "argv"));
        Check.range(timeoutSeconds, 0, RunCommand.MAX_TIMEOUT_SECONDS, "timeoutSeconds");
    }
}
