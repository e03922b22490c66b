package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.Locale;

/** Opens a URL in the desktop's browser; {@code ${param}} in it is percent-encoded. */
public record OpenUrlTask(@JsonProperty(required = true) String url) implements TaskSpec {
    public OpenUrlTask {
        Check.maxLength(Check.notBlank(url, "url"), 8192, "url");
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new ProtocolException("url", "must start with http:// or https://");
        }
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.OPEN_URL;
    }
}
