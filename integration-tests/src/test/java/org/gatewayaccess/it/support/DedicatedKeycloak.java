package org.gatewayaccess.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Keycloak process of one test's own, which that test may kill and start again — unlike the
 * shared server of {@link RealKeycloakTest}, which every other test of the JVM needs alive. It runs
 * from its own copy of the shared server's (already built, PostgreSQL) distribution, started
 * {@code --optimized} so there is no second build, on a database of its own in the shared PostgreSQL
 * server. Log: {@code target/keycloak-<name>.log} (each start appends to it).
 */
public final class DedicatedKeycloak implements AutoCloseable {

    private final String name;
    private final Path home;
    private final PostgresServer postgres;
    private final String databaseName;
    private final Database db;
    private final Path logFile;
    private final Thread stopOnExit = new Thread(this::close, "stop-dedicated-keycloak");
    private Process process;
    private String baseUrl;
    private KeycloakAdmin admin;

    private DedicatedKeycloak(
            String name, Path home, PostgresServer postgres, String databaseName, Database db, Path logFile) {
        this.name = name;
        this.home = home;
        this.postgres = postgres;
        this.databaseName = databaseName;
        this.db = db;
        this.logFile = logFile;
    }

    /** Copies the distribution, creates the database {@code name} and starts Keycloak on it (bootstrap admin as the shared one's). */
    public static DedicatedKeycloak start(String name, PostgresServer postgres) {
        Path dist = ItSettings.keycloakDistDir();
        Path work = Path.of(System.getProperty("it.work.dir", "target")).toAbsolutePath();
        Path home = work.resolve("keycloak-" + name);
        Path logFile = work.resolve("keycloak-" + name + ".log");
        try {
            KeycloakServer.deleteRecursively(home);
            KeycloakCluster.copyDistribution(dist, home);
            Files.deleteIfExists(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DedicatedKeycloak server =
                new DedicatedKeycloak(name, home, postgres, name, postgres.createDatabase(name), logFile);
        Runtime.getRuntime().addShutdownHook(server.stopOnExit);
        server.startProcess(true);
        return server;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The master realm's admin, on this server. */
    public KeycloakAdmin admin() {
        return admin;
    }

    public Database db() {
        return db;
    }

    public Path logFile() {
        return logFile;
    }

    /** kill -9 of the server's JVM (and of kc.sh): no shutdown hook, no transaction ends, as in a crash. */
    public void kill() {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        descendants.forEach(h -> h.onExit().join());
        process.onExit().join();
    }

    /** Stops the server as an operator does (SIGTERM, Keycloak's own shutdown), keeping its database. */
    public void stop() {
        ProcessTree.stop(process, Duration.ofSeconds(30));
    }

    /**
     * {@code kc.sh import --file <file> --override <override>} on this server's database, while it is stopped: the way an
     * operator applies a realm file to an existing installation. Fails with the command's log if it does not succeed.
     */
    public void importRealm(Path file, boolean override) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("stop the server first");
        }
        List<String> command = List.of(
                home.resolve("bin/kc.sh").toString(),
                "import",
                "--optimized",
                "--file=" + file.toAbsolutePath(),
                "--override=" + override,
                "--db-url=" + postgres.jdbcUrl(databaseName),
                "--db-username=" + PostgresServer.USER,
                "--db-password=unused-trust-auth");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx768m");
        try {
            Process importing = pb.start();
            if (!importing.waitFor(4, java.util.concurrent.TimeUnit.MINUTES)) {
                ProcessTree.stop(importing, Duration.ofSeconds(10));
                throw new IllegalStateException(
                        name + ": kc.sh import did not finish in 4 minutes\n" + KeycloakServer.tail(logFile, 60));
            }
            if (importing.exitValue() != 0) {
                throw new IllegalStateException(name + ": kc.sh import exited with " + importing.exitValue() + "\n"
                        + KeycloakServer.tail(logFile, 60));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server again on the same database and distribution (new ports). */
    public void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("still running");
        }
        startProcess(false);
    }

    @Override
    public synchronized void close() {
        if (Thread.currentThread() != stopOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now or soon
            }
        }
        ProcessTree.stop(process, Duration.ofSeconds(30));
        process = null;
        try {
            postgres.dropDatabase(databaseName);
        } catch (RuntimeException e) {
            System.err.println("could not drop database " + databaseName + ": " + e.getMessage());
        }
    }

    private void startProcess(boolean first) {
        KeycloakLauncher launcher = KeycloakLauncher.of(name, home, logFile)
                .optimized()
                .appendToLog()
                .readyTimeout(Duration.ofMinutes(4))
                .options(List.of(
                        "--db-url=" + postgres.jdbcUrl(databaseName),
                        "--db-username=" + PostgresServer.USER,
                        "--db-password=unused-trust-auth"));
        if (first) {
            launcher.bootstrapAdmin();
        }
        KeycloakLauncher.Running running = launcher.start();
        process = running.process();
        baseUrl = running.baseUrl();
        admin = running.admin();
    }
}
