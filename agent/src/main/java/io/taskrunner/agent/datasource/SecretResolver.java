package io.taskrunner.agent.datasource;

import java.nio.file.Path;
import java.util.Map;

// TEMPORARY until the datasource work lands
public final class SecretResolver {
    public SecretResolver(Path file, Map<String, String> env) {
    }
}
