package org.gatewayaccess.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.it.support.Database;
import org.gatewayaccess.it.support.KeycloakAdmin;
import org.gatewayaccess.it.support.KeycloakServer;
import org.gatewayaccess.it.support.Ports;
import org.gatewayaccess.it.support.PostgresServer;
import org.gatewayaccess.it.support.ProcessTree;
import org.gatewayaccess.it.support.ReadyWait;

/**
 * Two Keycloak processes of the same distribution, running side by side on one PostgreSQL server (each with a
 * database of its own) so that a benchmark can alternate between them in one run: {@code extension}, with the
 * Gateway Access JAR in providers/, and {@code plain}, the same distribution without it. Same options, same heap
 * (1 GiB), {@code --cache=local}, loopback ports. Each runs from its own copy of the distribution under the work
 * directory ({@code keycloak-extension/}, {@code keycloak-plain/}), kept between runs so that Keycloak's build is
 * redone only when the JAR changed. Logs: {@code keycloak-<variant>.log} in the work directory.
 */
final class SideBySide implements AutoCloseable {

    static final String PLAIN_DATABASE = "kc_plain";

    /** One Keycloak process. */
    record Node(
            String variant,
            String baseUrl,
            String managementUrl,
            Process process,
            Path logFile,
            KeycloakAdmin admin,
            Database db,
            long startupMillis) {

        boolean extension() {
            return "extension".equals(variant);
        }

        /** The Keycloak JVM (a child of kc.sh). */
        long javaPid() {
            return Machine.javaOf(process).pid();
        }
    }

    private final PostgresServer postgres;
    private final List<Node> nodes = new ArrayList<>();
    private final Thread stopOnExit = new Thread(this::close, "stop-keycloaks");
    private boolean closed;

    private SideBySide(PostgresServer postgres) {
        this.postgres = postgres;
    }

    /** PostgreSQL, then Keycloak with the extension, then plain Keycloak (one after the other: start-up is CPU-bound). */
    static SideBySide start() throws Exception {
        Path dist = Path.of(System.getProperty("keycloak.dist.dir"));
        Path work = Path.of(System.getProperty("it.work.dir", "target")).toAbsolutePath();
        Path jar = dist.resolve("providers/gateway-access.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    "No " + jar + ": build first (./mvnw -Pbench -DskipTests -Dexec.skip verify)");
        }
        PostgresServer pg = PostgresServer.start(work.resolve("postgres.log"));
        SideBySide both = new SideBySide(pg);
        Runtime.getRuntime().addShutdownHook(both.stopOnExit);
        try {
            Database plainDb = pg.createDatabase(PLAIN_DATABASE);
            Path withJar = work.resolve("keycloak-extension");
            Path without = work.resolve("keycloak-plain");
            copy(dist, withJar, true);
            copy(dist, without, false);
            both.nodes.add(startNode("extension", withJar, work, pg.jdbcUrl(), pg));
            both.nodes.add(startNode("plain", without, work, pg.jdbcUrl(PLAIN_DATABASE), plainDb));
            return both;
        } catch (Exception | Error e) {
            both.close();
            throw e;
        }
    }

    Node extension() {
        return nodes.get(0);
    }

    Node plain() {
        return nodes.get(1);
    }

    List<Node> nodes() {
        return nodes;
    }

    PostgresServer postgres() {
        return postgres;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != stopOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        for (Node node : nodes) {
            ProcessTree.stop(node.process(), Duration.ofSeconds(30));
        }
        postgres.close();
    }

    /**
     * A copy of the distribution without its {@code data/}, with or without the JAR; an existing copy is kept if its
     * providers/ already says the same (Keycloak then skips its build on start).
     */
    private static void copy(Path dist, Path to, boolean withJar) throws IOException {
        Path jar = dist.resolve("providers/gateway-access.jar");
        Path copied = to.resolve("providers/gateway-access.jar");
        boolean upToDate = Files.exists(to.resolve("bin/kc.sh"))
                && (withJar ? Files.exists(copied) && Files.mismatch(jar, copied) == -1 : !Files.exists(copied));
        if (upToDate) {
            return;
        }
        deleteRecursively(to);
        Path data = dist.resolve("data");
        try (var files = Files.walk(dist)) {
            for (Path source : files.filter(p -> !p.startsWith(data)).toList()) {
                if (!withJar && source.equals(jar)) {
                    continue;
                }
                Path target = to.resolve(dist.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Node startNode(String variant, Path home, Path work, String jdbcUrl, Database db) throws Exception {
        deleteRecursively(home.resolve("data"));
        int httpPort = Ports.free();
        int managementPort = Ports.free();
        Path logFile = work.resolve("keycloak-" + variant + ".log");
        Files.deleteIfExists(logFile);
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/kc.sh").toString(),
                "start",
                "--db=postgres",
                "--health-enabled=true",
                "--metrics-enabled=true",
                "--http-enabled=true",
                "--http-host=127.0.0.1",
                "--hostname-strict=false",
                "--cache=local",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--db-url=" + jdbcUrl,
                "--db-username=" + PostgresServer.USER,
                "--db-password=unused-trust-auth"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        Map<String, String> env = pb.environment();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
        env.put("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1g");
        long t0 = System.nanoTime();
        Process process = pb.start();
        String baseUrl = "http://127.0.0.1:" + httpPort;
        String managementUrl = "http://127.0.0.1:" + managementPort;
        try {
            ReadyWait.awaitReady(process, managementUrl + "/health/ready", Duration.ofMinutes(5), logFile);
        } catch (Exception e) {
            ProcessTree.stop(process, Duration.ofSeconds(30));
            throw new IllegalStateException(
                    variant + " Keycloak: " + e.getMessage() + "\n" + KeycloakServer.tail(logFile, 80), e);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("Keycloak (%s) ready in %,d ms at %s%n", variant, millis, baseUrl);
        return new Node(
                variant,
                baseUrl,
                managementUrl,
                process,
                logFile,
                new KeycloakAdmin(baseUrl, KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD),
                db,
                millis);
    }
}
