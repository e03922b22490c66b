package io.taskrunner.agent;

import io.taskrunner.agent.api.auth.ApiToken;
import io.taskrunner.agent.api.auth.TokenFile;
import io.taskrunner.agent.config.AgentConfigException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskrunner-agent token}: API tokens for the agent's HTTP API, kept hashed in {@code api-tokens.json}. A
 * running agent sees changes at once.
 */
@Command(name = "token", description = "Creates, lists and revokes tokens for the agent's HTTP API.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    @Command(name = "create", description = "Makes a token and prints it once; only its hash is stored.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Data folder (default: ${DEFAULT-VALUE}).")
        Path dataDir = AgentMain.defaultDataDir();

        @Option(names = "--name", required = true, description = "What the token is for, e.g. erp (letters, digits,"
                + " _ . -).")
        String name;

        @Option(names = "--tasks", split = ",", description = "Tasks it may run, comma-separated; * for all.")
        List<String> tasks = new ArrayList<>();

        @Option(names = "--store", split = ",", description = "Store routes it may write through, comma-separated.")
        List<String> stores = new ArrayList<>();

        @Option(names = "--adhoc", description = "It may also run any program (POST /api/v1/commands).")
        boolean adhoc;

        @Override
        public Integer call() {
            List<String> scopes = new ArrayList<>(tasks);
            stores.forEach(route -> scopes.add(ApiToken.STORE_PREFIX + route));
            if (adhoc) {
                scopes.add(ApiToken.ADHOC);
            }
            if (scopes.isEmpty()) {
                System.err.println(AgentMain.MESSAGES.get("agent.token.error.noScope"));
                return 2;
            }
            try {
                String token = new TokenFile(dataDir.toAbsolutePath()).create(name, scopes, Clock.systemUTC());
                System.out.println(AgentMain.MESSAGES.get("agent.token.created", name, String.join(", ", scopes)));
                System.out.println(token);
                return 0;
            } catch (AgentConfigException | IllegalArgumentException e) {
                System.err.println(AgentMain.MESSAGES.get("agent.token.error", e.getMessage()));
                return 2;
            }
        }
    }

    @Command(name = "list", description = "Lists the tokens: name, scopes, when made (never the tokens themselves).")
    static final class ListTokens implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Data folder (default: ${DEFAULT-VALUE}).")
        Path dataDir = AgentMain.defaultDataDir();

        @Override
        public Integer call() {
            try {
                List<ApiToken> tokens = new TokenFile(dataDir.toAbsolutePath()).read();
                if (tokens.isEmpty()) {
                    System.out.println(AgentMain.MESSAGES.get("agent.token.list.empty"));
                    return 0;
                }
                System.out.println(AgentMain.MESSAGES.get("agent.token.list.header"));
                tokens.forEach(token -> System.out.println(token.name() + "  " + String.join(",", token.scopes())
                        + "  " + token.created()));
                return 0;
            } catch (AgentConfigException e) {
                System.err.println(AgentMain.MESSAGES.get("agent.token.error", e.getMessage()));
                return 2;
            }
        }
    }

    @Command(name = "revoke", description = "Deletes a token; requests with it are refused at once.")
    static final class Revoke implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Data folder (default: ${DEFAULT-VALUE}).")
        Path dataDir = AgentMain.defaultDataDir();

        @Parameters(index = "0", description = "The token's name.")
        String name;

        @Override
        public Integer call() {
            try {
                if (!new TokenFile(dataDir.toAbsolutePath()).revoke(name)) {
                    System.err.println(AgentMain.MESSAGES.get("agent.token.error.unknown", name));
                    return 2;
                }
                System.out.println(AgentMain.MESSAGES.get("agent.token.revoked", name));
                return 0;
            } catch (AgentConfigException e) {
                System.err.println(AgentMain.MESSAGES.get("agent.token.error", e.getMessage()));
                return 2;
            }
        }
    }
}
