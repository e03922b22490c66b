package io.taskrunner.agent.task.sql;

import io.taskrunner.agent.task.TaskException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a database server listens, read from a JDBC URL for its command-line backup tool.
 *
 * @param host       the server's host name or address (IPv6 without brackets); for SQL Server may end in
 *                   {@code \instance}
 * @param port       the TCP port, or 0 for a SQL Server named instance (its browser service finds the port)
 * @param database   the database to back up
 * @param properties the URL's own properties ({@code user}, {@code password}, ...), names as written
 */
record DatabaseAddress(String host, int port, String database, Map<String, String> properties) {
    private static final Pattern POSTGRESQL = Pattern.compile(
            "jdbc:postgresql:(?://(?<hosts>[^/?]*))?/?(?<db>[^?]*)(?:\\?(?<query>.*))?");
    private static final Pattern MARIADB = Pattern.compile(
            "jdbc:(?:mariadb|mysql):(?:[a-z]+:)?//(?<hosts>[^/?]*)(?:/(?<db>[^?]*))?(?:\\?(?<query>.*))?");
    private static final Pattern SQLSERVER = Pattern.compile("jdbc:sqlserver://(?<server>[^;]*)(?<props>;.*)?");

    DatabaseAddress {
        properties = Map.copyOf(properties);
    }

    /** {@code jdbc:postgresql://host[:port][,...]/database[?...]} or {@code jdbc:postgresql:database}. */
    static DatabaseAddress postgresql(String jdbcUrl) {
        Matcher url = matchOrFail(POSTGRESQL, jdbcUrl, "jdbc:postgresql://host:port/database");
        String hosts = url.group("hosts");
        return withHostAndPort(hosts == null || hosts.isEmpty() ? "localhost" : hosts, 5432,
                decode(url.group("db")), query(url.group("query")), jdbcUrl);
    }

    /**
     * {@code jdbc:mariadb://host[:port][,...]/database[?...]}, also {@code jdbc:mysql:} and the
     * {@code jdbc:mariadb:replication:} kind.
     */
    static DatabaseAddress mariadb(String jdbcUrl) {
        Matcher url = matchOrFail(MARIADB, jdbcUrl, "jdbc:mariadb://host:port/database");
        String hosts = url.group("hosts");
        if (hosts.contains("(")) {
            throw new TaskException("the address=(host=...) form of " + redactedUrl(jdbcUrl)
                    + " is not supported for backups; write jdbc:mariadb://host:port/database");
        }
        return withHostAndPort(hosts.isEmpty() ? "localhost" : hosts, 3306, decode(url.group("db")),
                query(url.group("query")), jdbcUrl);
    }

    /** {@code jdbc:sqlserver://host[\instance][:port];databaseName=db;...}. */
    static DatabaseAddress sqlserver(String jdbcUrl) {
        Matcher url = matchOrFail(SQLSERVER, jdbcUrl, "jdbc:sqlserver://host:port;databaseName=db");
        Map<String, String> found = new LinkedHashMap<>();
        String props = url.group("props");
        if (props != null) {
            for (String pair : props.substring(1).split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    found.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
                }
            }
        }
        Map<String, String> lower = new LinkedHashMap<>();
        found.forEach((key, value) -> lower.put(key.toLowerCase(Locale.ROOT), value));
        String server = url.group("server").isEmpty() ? lower.getOrDefault("servername", "localhost")
                : url.group("server");
        String database = lower.getOrDefault("databasename", lower.getOrDefault("database", ""));
        String instance = lower.get("instancename");
        int colon = server.lastIndexOf(':');
        String host = colon < 0 ? server : server.substring(0, colon);
        if (instance != null && !host.contains("\\")) {
            host = host + "\\" + instance;
        }
        String portText = colon < 0 ? lower.get("portnumber") : server.substring(colon + 1);
        int port = portText != null ? port(portText, jdbcUrl) : host.contains("\\") ? 0 : 1433;
        return checked(new DatabaseAddress(host, port, database, found), jdbcUrl);
    }

    /** The first of the given hosts: the backup tools take one server. */
    private static DatabaseAddress withHostAndPort(String hosts, int defaultPort, String database,
            Map<String, String> properties, String jdbcUrl) {
        String first = hosts.split(",")[0].trim();
        String host;
        String portText = null;
        if (first.startsWith("[")) {
            int close = first.indexOf(']');
            if (close < 0) {
                throw new TaskException("cannot read the host of " + redactedUrl(jdbcUrl));
            }
            host = first.substring(1, close);
            if (first.length() > close + 1 && first.charAt(close + 1) == ':') {
                portText = first.substring(close + 2);
            }
        } else {
            int colon = first.lastIndexOf(':');
            host = colon < 0 ? first : first.substring(0, colon);
            portText = colon < 0 ? null : first.substring(colon + 1);
        }
        int port = portText == null || portText.isEmpty() ? defaultPort : port(portText, jdbcUrl);
        return checked(new DatabaseAddress(host, port, database, properties), jdbcUrl);
    }

    private static DatabaseAddress checked(DatabaseAddress address, String jdbcUrl) {
        if (address.host().isBlank()) {
            throw new TaskException("cannot read the host of " + redactedUrl(jdbcUrl));
        }
        if (address.database().isBlank()) {
            throw new TaskException(redactedUrl(jdbcUrl) + " names no database to back up");
        }
        return address;
    }

    private static int port(String text, String jdbcUrl) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port > 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below with the URL.
        }
        throw new TaskException("'" + text + "' in " + redactedUrl(jdbcUrl) + " is not a port number");
    }

    private static Matcher matchOrFail(Pattern pattern, String jdbcUrl, String example) {
        Matcher matcher = pattern.matcher(jdbcUrl);
        if (!matcher.matches()) {
            throw new TaskException("cannot read " + redactedUrl(jdbcUrl) + " for a backup; write it as " + example);
        }
        return matcher;
    }

    private static Map<String, String> query(String query) {
        Map<String, String> found = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    found.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
                } else if (!pair.isEmpty()) {
                    found.put(decode(pair), "");
                }
            }
        }
        return found;
    }

    private static String decode(String text) {
        return text == null ? "" : URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The URL without its options, which may hold a password. */
    static String redactedUrl(String jdbcUrl) {
        int options = jdbcUrl.indexOf('?');
        int semicolon = jdbcUrl.indexOf(';');
        int cut = options < 0 ? semicolon : semicolon < 0 ? options : Math.min(options, semicolon);
        return cut < 0 ? jdbcUrl : jdbcUrl.substring(0, cut) + "...";
    }
}
