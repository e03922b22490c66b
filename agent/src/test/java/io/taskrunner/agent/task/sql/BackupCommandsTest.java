package io.taskrunner.agent.task.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupCommandsTest {
    private static final Path FILE = Path.of("/backups/it's-20250102-030405-006.bak.part");

    @Test
    void pgDump_writesTheCustomFormatWithoutEverPromptingForAPassword() {
        DatabaseAddress address = new DatabaseAddress("db", 5433, "sales", Map.of("password", "hidden"));

        assertThat(BackupCommands.pgDump("/usr/bin/pg_dump", address, "backup", Path.of("/b/x.dump.part")))
                .containsExactly("/usr/bin/pg_dump", "--format=custom", "--no-password", "--file=/b/x.dump.part",
                        "--host=db", "--port=5433", "--username=backup", "--dbname=sales");
    }

    @Test
    void pgDump_withoutAUser_leavesTheChoiceToPgDump() {
        DatabaseAddress address = new DatabaseAddress("db", 5432, "sales", Map.of());

        assertThat(BackupCommands.pgDump("pg_dump", address, null, Path.of("x"))).noneMatch(
                argument -> argument.startsWith("--username"));
    }

    @Test
    void pgRestoreList_listsTheFile() {
        assertThat(BackupCommands.pgRestoreList("pg_restore", Path.of("/b/x.dump")))
                .containsExactly("pg_restore", "--list", "/b/x.dump");
    }

    @Test
    void mysqlDump_takesAConsistentSnapshotOverTcp() {
        DatabaseAddress address = new DatabaseAddress("127.0.0.1", 3306, "shop", Map.of());

        assertThat(BackupCommands.mysqlDump("mariadb-dump", address, "root", Path.of("/b/x.sql.part")))
                .containsExactly("mariadb-dump", "--single-transaction", "--result-file=/b/x.sql.part",
                        "--protocol=TCP", "--host=127.0.0.1", "--port=3306", "--user=root", "shop");
    }

    @Test
    void sqlcmd_backsUpTheDatabaseToTheFileAndFailsOnErrors() {
        DatabaseAddress address = new DatabaseAddress("sql", 1433, "erp", Map.of());

        assertThat(BackupCommands.sqlcmd("sqlcmd", address, "sa", Path.of("/b/erp.bak.part")))
                .containsExactly("sqlcmd", "-S", "sql,1433", "-U", "sa", "-b", "-Q",
                        "BACKUP DATABASE [erp] TO DISK = N'/b/erp.bak.part'");
    }

    @Test
    void sqlcmd_escapesTheDatabaseNameAndThePath() {
        DatabaseAddress address = new DatabaseAddress("sql", 1433, "odd]name", Map.of());

        assertThat(BackupCommands.sqlcmd("sqlcmd", address, "sa", FILE).getLast())
                .isEqualTo("BACKUP DATABASE [odd]]name] TO DISK = N'/backups/it''s-20250102-030405-006.bak.part'");
    }

    @Test
    void sqlcmd_withANamedInstanceAndNoUser_usesTheInstanceAndWindowsSignIn() {
        DatabaseAddress address = new DatabaseAddress("sql\\EXPRESS", 0, "erp", Map.of());

        assertThat(BackupCommands.sqlcmd("sqlcmd", address, null, FILE))
                .startsWith("sqlcmd", "-S", "sql\\EXPRESS", "-E", "-b");
    }

    @Test
    void commands_neverCarryThePassword() {
        DatabaseAddress address = new DatabaseAddress("h", 1, "d", Map.of("password", "hidden"));

        assertThat(BackupCommands.pgDump("p", address, "u", FILE)).noneMatch(a -> a.contains("hidden"));
        assertThat(BackupCommands.mysqlDump("p", address, "u", FILE)).noneMatch(a -> a.contains("hidden"));
        assertThat(BackupCommands.sqlcmd("p", address, "u", FILE)).noneMatch(a -> a.contains("hidden"));
    }
}
