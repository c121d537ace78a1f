package org.gatewayaccess.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real MariaDB server from Debian's {@code mariadb-server} package ({@code mariadbd} and
 * {@code mariadb-install-db}), started as a plain process on a free loopback port with a data
 * directory of its own: no systemd, no Docker, nothing shared with a system MariaDB. As with
 * {@link PostgresServer}, when we are root the server runs as {@code nobody} (via util-linux
 * {@code setpriv}) in a directory under /tmp that user can reach. Where the binaries are missing,
 * {@link #missing()} says so and the tests are reported skipped with that reason (CI machines have no MariaDB).
 * <p>
 * The database's character set is {@code utf8mb3} (Keycloak's documented {@code utf8} up to 26.5), or the system
 * property {@code it.mariadb.charset} ({@code utf8mb4}, recommended by Keycloak since 26.6, works too: see
 * changelog/2026-11-29-mariadb-initial-schema.xml for how GA_GRANT's primary key stays within InnoDB's 3072 bytes).
 */
public final class MariaDbServer implements AutoCloseable, Database {

    public static final String USER = "keycloak";
    public static final String PASSWORD = "keycloak-it";
    public static final String DATABASE = "keycloak";

    /** The character set of the server and of the database; its collation is {@code <charset>_unicode_ci}. */
    public static final String CHARSET = System.getProperty("it.mariadb.charset", "utf8mb3");

    /**
     * The server's transaction isolation: READ COMMITTED, as the README asks of a MariaDB for Gateway Access, or the
     * system property {@code it.mariadb.isolation} ({@code REPEATABLE-READ} is MariaDB's own default). Under REPEATABLE
     * READ the last-admin guard still holds (its count is a locking read), but other reads made after the realm lock see
     * the transaction's older snapshot: GatewayRolesIT's concurrent demotions then answer 500 where 204 is expected.
     */
    public static final String ISOLATION = System.getProperty("it.mariadb.isolation", "READ-COMMITTED");

    private static final List<Path> BIN_DIRS =
            List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"));

    private final Path home;
    private final int port;
    private final Process process;

    private MariaDbServer(Path home, int port, Process process) {
        this.home = home;
        this.port = port;
        this.process = process;
    }

    /** Why MariaDB cannot be started here, or empty when its binaries are installed. */
    public static Optional<String> missing() {
        if (binary("mariadbd").isPresent() && binary("mariadb-install-db").isPresent()) {
            return Optional.empty();
        }
        return Optional.of(
                "no mariadbd on this machine (mariadbd and mariadb-install-db, from Debian's package mariadb-server,"
                        + " are not installed): the MariaDB tests run only where they are");
    }

    public static MariaDbServer start(Path logFile) throws IOException, InterruptedException {
        Path mariadbd = binary("mariadbd")
                .orElseThrow(() -> new IllegalStateException(missing().orElseThrow()));
        Path installDb = binary("mariadb-install-db")
                .orElseThrow(() -> new IllegalStateException(missing().orElseThrow()));
        boolean root = "root".equals(System.getProperty("user.name"));
        Path home = Files.createTempDirectory("gateway-access-mariadb-");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = home.resolve("data");
        Files.createDirectories(data);
        // Run once at start-up, before the first connection: the database and the user Keycloak connects as.
        Path init = home.resolve("init.sql");
        Files.writeString(
                init,
                String.join(
                        "\n",
                        "CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET " + CHARSET + " COLLATE "
                                + CHARSET + "_unicode_ci;",
                        "CREATE USER IF NOT EXISTS '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "';",
                        "GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + USER + "'@'127.0.0.1';",
                        ""));
        if (root) {
            PostgresServer.run(List.of("chown", "-R", "nobody:nogroup", home.toString()), logFile);
        }
        PostgresServer.run(
                PostgresServer.asUser(
                        root,
                        List.of(
                                installDb.toString(),
                                "--no-defaults",
                                "--datadir=" + data,
                                "--auth-root-authentication-method=socket",
                                "--skip-test-db",
                                "--skip-name-resolve")),
                logFile);
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of(
                mariadbd.toString(),
                "--no-defaults",
                "--datadir=" + data,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + home.resolve("mariadb.sock"),
                "--pid-file=" + home.resolve("mariadb.pid"),
                "--skip-name-resolve",
                "--init-file=" + init,
                "--character-set-server=" + CHARSET,
                "--collation-server=" + CHARSET + "_unicode_ci",
                "--max-connections=200",
                "--transaction-isolation=" + ISOLATION,
                "--innodb-flush-log-at-trx-commit=2",
                "--innodb-buffer-pool-size=256M",
                // Statements slower than 1 s go to the server log, so a slow query explains itself.
                "--slow-query-log=1",
                "--long-query-time=1",
                "--log-slow-verbosity=query_plan,explain",
                "--slow-query-log-file=" + home.resolve("slow.log"),
                "--log-error=" + home.resolve("error.log")));
        ProcessBuilder pb = new ProcessBuilder(PostgresServer.asUser(root, command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        MariaDbServer server = new MariaDbServer(home, port, pb.start());
        try {
            server.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    /** MariaDB's JDBC metadata names a database a catalog, not a schema: null here, the connection's database is used. */
    @Override
    public String schema() {
        return null;
    }

    @Override
    public String tableName(String name) {
        return name;
    }

    @Override
    public void close() {
        copyLog("error.log");
        copyLog("slow.log");
        ProcessTree.stop(process, Duration.ofSeconds(20));
        try (var files = Files.walk(home)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    /** The server's own logs end up beside Keycloak's in target/ (mariadb-error.log, mariadb-slow.log). */
    private void copyLog(String name) {
        Path work = Path.of(System.getProperty("it.work.dir", "target"));
        try {
            Path log = home.resolve(name);
            if (Files.exists(log)) {
                Files.copy(log, work.resolve("mariadb-" + name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("MariaDB exited with " + process.exitValue() + ": "
                        + KeycloakServer.tail(home.resolve("error.log"), 30));
            }
            try (Connection c = connect()) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("MariaDB did not accept connections within " + timeout, last);
    }

    private static Optional<Path> binary(String name) {
        Stream<Path> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(s -> !s.isEmpty())
                .map(Path::of);
        return Stream.concat(BIN_DIRS.stream(), path)
                .map(d -> d.resolve(name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
