package io.taskrunner.agent.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What an HTTP request carries, decoded, for turning into parameters: query, path variables, and the body as JSON,
 * form fields or uploaded files (at most one of those, by its content type).
 *
 * @param json  the parsed JSON body, or {@code null} when the body is not JSON
 * @param form  fields of a urlencoded or multipart form
 * @param files file parts of a multipart form, by field name
 */
public record RequestValues(
        Map<String, List<String>> query,
        Map<String, String> path,
        JsonNode json,
        Map<String, List<String>> form,
        Map<String, Upload> files) {

    /** One uploaded file: its bytes and the content type the caller named (or {@code null}). */
    public record Upload(byte[] bytes, String contentType) {
    }

    public RequestValues {
        query = query == null ? Map.of() : query;
        path = path == null ? Map.of() : path;
        form = form == null ? Map.of() : form;
        files = files == null ? Map.of() : files;
    }
}
