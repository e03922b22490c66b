package io.taskrunner.agent.task.javascript;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.taskrunner.agent.task.TaskException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code files.read/write/append/list/exists/delete}, text in UTF-8, confined to the run's work folder
 * ({@link JsWorkFolder}).
 */
final class JsFilesApi {

    static final long MAX_READ_BYTES = 16L * 1024 * 1024;

    private final JsWorkFolder folder;

    private JsFilesApi(JsWorkFolder folder) {
        this.folder = folder;
    }

    static JsNamespace create(JsBridge bridge, JsWorkFolder folder) {
        JsFilesApi api = new JsFilesApi(folder);
        return new JsNamespace("files", bridge, Map.of(
                "read", new JsFunction("files.read", bridge,
                        arguments -> api.read(JsArgs.text(arguments, 0, "files.read: path"))),
                "write", new JsFunction("files.write", bridge, arguments -> api.write(
                        JsArgs.text(arguments, 0, "files.write: path"), content(bridge, arguments),
                        StandardOpenOption.TRUNCATE_EXISTING)),
                "append", new JsFunction("files.append", bridge, arguments -> api.write(
                        JsArgs.text(arguments, 0, "files.append: path"), content(bridge, arguments),
                        StandardOpenOption.APPEND)),
                "list", new JsFunction("files.list", bridge, arguments -> bridge.toJs(api.list(bridge,
                        JsArgs.at(arguments, 0) == null ? "." : JsArgs.text(arguments, 0, "files.list: dir")))),
                "exists", new JsFunction("files.exists", bridge,
                        arguments -> Files.exists(api.folder.resolve(JsArgs.text(arguments, 0, "files.exists: path")),
                                LinkOption.NOFOLLOW_LINKS)),
                "delete", new JsFunction("files.delete", bridge,
                        arguments -> api.delete(JsArgs.text(arguments, 0, "files.delete: path")))), null);
    }

    /** The text to write: a string as it is, anything else as the script would print it; nothing gives "". */
    private static String content(JsBridge bridge, Object[] arguments) {
        Object text = JsArgs.at(arguments, 1);
        return text == null ? "" : bridge.text(text);
    }

    private String read(String path) {
        Path file = folder.resolve(path);
        try {
            if (Files.size(file) > MAX_READ_BYTES) {
                throw new TaskException("files.read: '" + path + "' is larger than " + MAX_READ_BYTES + " bytes");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TaskException("files.read: '" + path + "' does not exist");
        } catch (IOException e) {
            throw failed("files.read", path, e);
        }
    }

    private Object write(String path, String text, OpenOption mode) {
        Path file = folder.resolve(path);
        try {
            if (!file.equals(folder.root())) {
                Files.createDirectories(file.getParent());
            }
            // NOFOLLOW_LINKS: a link made after the check above must not lead the write outside.
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    mode, LinkOption.NOFOLLOW_LINKS);
            return null;
        } catch (IOException e) {
            throw failed(mode == StandardOpenOption.APPEND ? "files.append" : "files.write", path, e);
        }
    }

    private ArrayNode list(JsBridge bridge, String path) {
        Path dir = folder.resolve(path);
        ArrayNode names = bridge.json().createArrayNode();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.map(entry -> entry.getFileName().toString()).sorted().forEach(names::add);
            return names;
        } catch (NoSuchFileException e) {
            throw new TaskException("files.list: '" + path + "' does not exist");
        } catch (IOException e) {
            throw failed("files.list", path, e);
        }
    }

    private Object delete(String path) {
        Path file = folder.resolve(path);
        if (file.equals(folder.root())) {
            throw new TaskException("files.delete: the work folder itself cannot be deleted");
        }
        try {
            return Files.deleteIfExists(file);
        } catch (DirectoryNotEmptyException e) {
            throw new TaskException("files.delete: '" + path + "' is a folder that is not empty");
        } catch (IOException e) {
            throw failed("files.delete", path, e);
        }
    }

    private static TaskException failed(String function, String path, IOException e) {
        return new TaskException(function + ": '" + path + "' failed: " + e, e);
    }
}
