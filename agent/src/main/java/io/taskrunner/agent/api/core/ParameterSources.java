package io.taskrunner.agent.api.core;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.agent.trigger.JsonScalars;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.HttpRoute;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.RouteMapping;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what a request carries into a run's parameter values. Values stay values: they are handed to the engine,
 * which checks them against the task's declarations; a file parameter takes only an upload, saved under a name the
 * agent chose (a caller cannot name a path on this PC for it).
 */
public final class ParameterSources {
    private final UploadedFiles uploads;

    /** The values and the files saved for them (delete them if the run does not happen). */
    public record Extracted(Map<String, Object> parameters, List<Path> files) {
    }

    public ParameterSources(UploadedFiles uploads) {
        this.uploads = uploads;
    }

    /** The parameters of a JSON {@code parameters} object, as they are. */
    public Extracted fromJson(TaskDefinition task, JsonNode parameters) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (parameters != null && !parameters.isNull()) {
            if (!parameters.isObject()) {
                throw new ProtocolException("parameters", "must be a JSON object of parameter values");
            }
            parameters.properties().forEach(entry -> values.put(entry.getKey(), JsonScalars.of(entry.getValue(),
                    "parameters." + entry.getKey())));
        }
        checkFiles(task, values, List.of());
        return new Extracted(values, List.of());
    }

    /** The fields of a form as parameters, file parts saved. */
    public Extracted fromForm(TaskDefinition task, RequestValues request) {
        Map<String, Object> values = new LinkedHashMap<>();
        request.form().forEach((name, given) -> values.put(name, single(given, "parameters." + name)));
        List<Path> saved = new ArrayList<>();
        try {
            request.files().forEach((name, upload) -> values.put(name, save(task.name(), name, upload, saved)));
            checkFiles(task, values, saved);
        } catch (RuntimeException e) {
            UploadedFiles.delete(saved);
            throw e;
        }
        return new Extracted(values, saved);
    }

    /**
     * The values a custom route maps; with no mappings, its query, path variables and JSON object or form body.
     *
     * @param task the route's task, or {@code null} for a store route
     */
    public Extracted fromRoute(HttpRoute route, TaskDefinition task, RequestValues request) {
        String folder = task == null ? route.name() : task.name();
        Map<String, Object> values = new LinkedHashMap<>();
        List<Path> saved = new ArrayList<>();
        try {
            if (route.parameters().isEmpty()) {
                request.query().forEach((name, given) -> values.put(name, single(given, "query." + name)));
                values.putAll(request.path());
                if (request.json() != null) {
                    if (!request.json().isObject()) {
                        throw new ProtocolException("body", "must be a JSON object of parameter values");
                    }
                    values.putAll(fromJson(task, request.json()).parameters());
                }
                request.form().forEach((name, given) -> values.put(name, single(given, "form." + name)));
                request.files().forEach((name, upload) -> values.put(name, save(folder, name, upload, saved)));
            } else {
                for (RouteMapping mapping : route.parameters()) {
                    Object value = mapped(mapping, request, folder, saved);
                    if (value != null) {
                        values.put(mapping.parameter(), value);
                    }
                }
            }
            if (task != null) {
                checkFiles(task, values, saved);
            } else if (!saved.isEmpty()) {
                throw new ProtocolException("body", "a store route takes values, not files");
            }
        } catch (RuntimeException e) {
            UploadedFiles.delete(saved);
            throw e;
        }
        return new Extracted(values, saved);
    }

    private Object mapped(RouteMapping mapping, RequestValues request, String folder, List<Path> saved) {
        return switch (mapping.from()) {
            case QUERY -> single(request.query().get(mapping.name()), "query." + mapping.name());
            case PATH -> request.path().get(mapping.name());
            case JSON -> {
                if (request.json() == null) {
                    throw new ProtocolException("body", "must be JSON (Content-Type: application/json) for this"
                            + " route, which reads " + mapping.pointer());
                }
                yield JsonScalars.of(request.json().at(JsonPointer.compile(mapping.pointer())), "body" + mapping.pointer());
            }
            case FORM -> request.files().containsKey(mapping.name())
                    ? save(folder, mapping.name(), request.files().get(mapping.name()), saved)
                    : single(request.form().get(mapping.name()), "form." + mapping.name());
        };
    }

    private String save(String folder, String field, RequestValues.Upload upload, List<Path> saved) {
        Path file = uploads.save(folder, upload, "parameters." + field);
        saved.add(file);
        return file.toString();
    }

    /**
     * A file parameter's value must be a file this request uploaded, never a path the caller typed; and an upload
     * goes only to a file parameter.
     */
    private static void checkFiles(TaskDefinition task, Map<String, Object> values, List<Path> saved) {
        List<String> savedPaths = saved.stream().map(Path::toString).toList();
        for (ParameterSpec spec : task.parameters()) {
            Object value = values.get(spec.name());
            boolean uploaded = value != null && savedPaths.contains(value);
            if (spec.type() == ParameterType.FILE && value != null && !uploaded) {
                throw new ProtocolException("parameters." + spec.name(), "is a file parameter: send the file as a"
                        + " part of a multipart/form-data upload, not as text");
            }
            if (spec.type() != ParameterType.FILE && uploaded) {
                throw new ProtocolException("parameters." + spec.name(), "is a " + spec.type().wire()
                        + " parameter, not a file: send it as a plain form field");
            }
        }
    }

    private static String single(List<String> given, String field) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        if (given.size() > 1) {
            throw new ProtocolException(field, "is given " + given.size() + " times; give it once");
        }
        return given.getFirst();
    }
}
