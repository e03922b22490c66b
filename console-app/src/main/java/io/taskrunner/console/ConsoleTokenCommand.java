package io.taskrunner.console;

import io.taskrunner.console.core.ConsolePaths;
import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.PersistenceException;
import io.taskrunner.console.service.apitokens.ApiScope;
import io.taskrunner.console.service.apitokens.ApiToken;
import io.taskrunner.console.service.apitokens.DefaultApiTokenService;
import io.taskrunner.console.service.apitokens.NewApiToken;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.security.KeyFile;
import io.taskrunner.protocol.security.SecretBoxException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code taskrunner-console token}: tokens of the Fleet API, kept hashed in the console's database. The database
 * is embedded H2, which one process opens at a time: run these while the console is stopped.
 */
@Command(name = "token", description = "Creates, lists and revokes tokens for the console's Fleet API.",
        subcommands = {ConsoleTokenCommand.Create.class, ConsoleTokenCommand.ListTokens.class,
            ConsoleTokenCommand.Revoke.class})
final class ConsoleTokenCommand implements Callable<Integer> {
    static final Messages MESSAGES = Messages.of(Language.fromLocale(Locale.getDefault()));
    /** H2's "database may be already in use". */
    private static final int DATABASE_ALREADY_OPEN = 90020;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    @Command(name = "create", description = "Makes a token and prints it once; only its hash is stored.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Console data folder (default: ${DEFAULT-VALUE}).")
        Path dataDir = ConsolePaths.defaultDataDir();

        @Option(names = "--name", required = true, description = "What the token is for, e.g. erp (letters, digits,"
                + " _ . -).")
        String name;

        @Option(names = "--scope", required = true, split = ",", description = "Scopes, comma-separated: "
                + "agents:read, runs:read, runs:write, jobs:read, jobs:write.")
        List<String> scopes = new ArrayList<>();

        @Option(names = "--agent", split = ",", description = "Only these agents (ids, comma-separated).")
        List<String> agents = new ArrayList<>();

        @Option(names = "--group", split = ",", description = "Only the agents of these groups (comma-separated).")
        List<String> groups = new ArrayList<>();

        @Override
        public Integer call() {
            return withTokens(dataDir, tokens -> {
                Set<ApiScope> parsed = ApiScope.parseList(String.join(",", scopes), "scope");
                NewApiToken created = tokens.create(name, parsed, agents, groups);
                System.out.println(MESSAGES.get("console.token.created", name, written(created.token().scopes())));
                if (created.token().restricted()) {
                    System.out.println(MESSAGES.get("console.token.restricted", joined(created.token().agentIds()),
                            joined(created.token().agentGroups())));
                }
                System.out.println(created.secret());
                return 0;
            });
        }
    }

    @Command(name = "list", description = "Lists the tokens (never the tokens themselves).")
    static final class ListTokens implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Console data folder (default: ${DEFAULT-VALUE}).")
        Path dataDir = ConsolePaths.defaultDataDir();

        @Override
        public Integer call() {
            return withTokens(dataDir, tokens -> {
                List<ApiToken> all = tokens.tokens();
                if (all.isEmpty()) {
                    System.out.println(MESSAGES.get("console.token.list.empty"));
                    return 0;
                }
                System.out.println(MESSAGES.get("console.token.list.header"));
                all.forEach(token -> System.out.println(String.join("  ", token.name(), written(token.scopes()),
                        joined(token.agentIds()), joined(token.agentGroups()), time(token.createdAt()),
                        time(token.lastUsedAt()), time(token.revokedAt()))));
                return 0;
            });
        }
    }

    @Command(name = "revoke", description = "Revokes a token; requests with it are refused at once.")
    static final class Revoke implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Console data folder (default: ${DEFAULT-VALUE}).")
        Path dataDir = ConsolePaths.defaultDataDir();

        @Parameters(index = "0", description = "The token's name.")
        String name;

        @Override
        public Integer call() {
            return withTokens(dataDir, tokens -> {
                if (!tokens.revoke(name)) {
                    System.err.println(MESSAGES.get("console.token.error.unknown", name));
                    return 2;
                }
                System.out.println(MESSAGES.get("console.token.revoked", name));
                return 0;
            });
        }
    }

    /** Opens the console's database, does {@code work}, and turns failures into a message and exit code 2. */
    static int withTokens(Path dataDir, Function<DefaultApiTokenService, Integer> work) {
        ConsolePaths paths = new ConsolePaths(dataDir.toAbsolutePath());
        PrintStream err = System.err;
        try (Database database = Database.open(paths.databaseDir(), KeyFile.loadOrCreate(paths.secretKeyFile()))) {
            return work.apply(new DefaultApiTokenService(database, Clock.systemUTC()));
        } catch (PersistenceException e) {
            err.println(inUse(e) ? MESSAGES.get("console.token.error.inUse", paths.databaseDir())
                    : MESSAGES.get("console.token.error", e.getMessage()));
            return 2;
        } catch (IllegalArgumentException | SecretBoxException e) {
            err.println(MESSAGES.get("console.token.error", e.getMessage()));
            return 2;
        }
    }

    /** True when H2 refused to open the database because another process has it open. */
    static boolean inUse(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }

    private static String written(Set<ApiScope> scopes) {
        return scopes.stream().sorted().map(ApiScope::wire).collect(Collectors.joining(","));
    }

    private static String joined(List<String> values) {
        return values.isEmpty() ? "-" : String.join(",", values);
    }

    private static String time(Instant at) {
        return at == null ? "-" : at.toString();
    }
}
