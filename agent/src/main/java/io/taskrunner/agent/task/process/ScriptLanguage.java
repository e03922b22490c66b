package io.taskrunner.agent.task.process;

import io.taskrunner.protocol.definition.PascalTask;
import io.taskrunner.protocol.definition.PowerShellTask;
import io.taskrunner.protocol.definition.PythonTask;
import io.taskrunner.protocol.definition.TaskSpec;
import io.taskrunner.protocol.definition.TaskType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** How a script body of one interpreter-backed task type is written to a file and started. */
enum ScriptLanguage {
    POWERSHELL("PowerShell", ".ps1"),
    PYTHON("Python interpreter", ".py"),
    PASCAL("Free Pascal", ".pas");

    /** Where {@code instantfpc} keeps its compiled programs, when started by {@link #environment}. */
    static final String INSTANTFPC_CACHE = "INSTANTFPCCACHE";

    private final String label;
    private final String extension;

    ScriptLanguage(String label, String extension) {
        this.label = label;
        this.extension = extension;
    }

    static ScriptLanguage of(TaskType type) {
        return switch (type) {
            case POWERSHELL -> POWERSHELL;
            case PYTHON -> PYTHON;
            case PASCAL -> PASCAL;
            default -> throw new IllegalArgumentException("no script language for task type " + type);
        };
    }

    static String script(TaskSpec spec) {
        return switch (spec) {
            case PowerShellTask task -> task.script();
            case PythonTask task -> task.script();
            case PascalTask task -> task.script();
            default -> throw new IllegalArgumentException("no script body in a " + spec.type() + " task");
        };
    }

    /** The programs to look for on the path, in order of preference. */
    List<String> candidates(boolean windows) {
        return switch (this) {
            case POWERSHELL -> windows ? List.of("pwsh", "powershell.exe") : List.of("pwsh");
            case PYTHON -> List.of("python3", "python");
            case PASCAL -> List.of("instantfpc");
        };
    }

    /** Why the task cannot run here, for {@code TaskOutcome.unsupported}. */
    String missing(List<String> candidates) {
        return "no " + label + " found: looked for " + String.join(", ", candidates) + " on PATH";
    }

    /** The command line that runs {@code script} with {@code interpreter}. */
    List<String> argv(Path interpreter, Path script) {
        String program = interpreter.toString();
        String file = script.toString();
        return switch (this) {
            case POWERSHELL -> List.of(program, "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
                    "-File", file);
            // -u: unbuffered, so output streams as it is printed rather than when the buffer fills.
            case PYTHON -> List.of(program, "-u", file);
            case PASCAL -> List.of(program, file);
        };
    }

    /** For Pascal, the command line that only compiles (or finds in the cache) without running; else empty. */
    List<String> compileArgv(Path interpreter, Path script) {
        return this == PASCAL ? List.of(interpreter.toString(), "--skip-run", script.toString()) : List.of();
    }

    /** Variables added on top of the task's environment; they win over the task's own. */
    Map<String, String> environment(Path pascalCache) {
        return switch (this) {
            case POWERSHELL -> Map.of();
            // The agent decodes output as UTF-8; bytecode files would litter the private script folder.
            case PYTHON -> Map.of("PYTHONIOENCODING", "utf-8", "PYTHONDONTWRITEBYTECODE", "1");
            case PASCAL -> Map.of(INSTANTFPC_CACHE, pascalCache.toString());
        };
    }

    /**
     * The script's file name. Pascal's is named by the body's hash, since instantfpc caches the compiled program by
     * file name: the same body compiles once. Python's carries a prefix so it never shadows a module it imports.
     */
    String fileName(String taskName, String script) {
        if (this == PASCAL) {
            return "task_" + HexFormat.of().formatHex(sha256(script), 0, 10) + extension;
        }
        return ScriptFile.fileName("task_", taskName, extension);
    }

    /** The body as bytes; PowerShell gets a byte order mark, without which Windows PowerShell 5 reads ANSI. */
    byte[] encode(String script) {
        byte[] body = script.getBytes(StandardCharsets.UTF_8);
        if (this != POWERSHELL) {
            return body;
        }
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        return withBom;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
