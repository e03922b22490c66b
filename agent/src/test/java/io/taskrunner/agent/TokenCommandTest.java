package io.taskrunner.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.agent.api.auth.ApiTokens;
import io.taskrunner.agent.api.auth.TokenFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskrunner-agent token create|list|revoke} as an operator types it. */
class TokenCommandTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private int run(String... args) {
        return AgentMain.commandLine().execute(args);
    }

    @Test
    void create_printsTheTokenOnce_listShowsOnlyNamesAndScopes_revokeRemovesIt() {
        int created = run("token", "create", "--data-dir", dir.toString(), "--name", "erp", "--tasks",
                "backup,report", "--store", "readings", "--adhoc");

        assertThat(created).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        String token = lines.getLast();
        assertThat(token).startsWith("trk_");
        assertThat(new ApiTokens(new TokenFile(dir)).find(token)).hasValueSatisfying(found -> assertThat(
                found.scopes()).containsExactly("backup", "report", "store:readings", "adhoc"));

        out.reset();
        assertThat(run("token", "list", "--data-dir", dir.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("erp  backup,report,store:readings,adhoc")
                .doesNotContain(token);

        assertThat(run("token", "revoke", "--data-dir", dir.toString(), "erp")).isZero();
        assertThat(new ApiTokens(new TokenFile(dir)).find(token)).isEmpty();
        assertThat(run("token", "revoke", "--data-dir", dir.toString(), "erp")).isEqualTo(2);
    }

    @Test
    void create_withoutAnyScope_orTwice_isRefused() {
        assertThat(run("token", "create", "--data-dir", dir.toString(), "--name", "erp")).isEqualTo(2);
        assertThat(run("token", "create", "--data-dir", dir.toString(), "--name", "erp", "--tasks", "*"))
                .isZero();
        assertThat(run("token", "create", "--data-dir", dir.toString(), "--name", "erp", "--tasks", "*"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("exists already");
    }
}
