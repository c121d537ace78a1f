package org.gatewayaccess.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Keycloak distribution (unpacked by Maven, with the provider JAR in its
 * providers/ folder), started once per test JVM on free loopback ports against the
 * database named by the system property {@code it.db} ({@code h2}: Keycloak's embedded H2
 * file, shared with the tests through H2's AUTO_SERVER mode; {@code postgres}; {@code mariadb}),
 * and stopped with its child processes when the JVM exits. The server log is kept in
 * {@code target/keycloak-<db>.log}.
 */
public final class KeycloakServer {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "it-admin-password";

    private static KeycloakServer shared;

    private final String database;
    private final String baseUrl;
    private final String managementUrl;
    private final Path logFile;
    private final Process process;
    private final PostgresServer postgres;
    private final MariaDbServer mariadb;
    private final Database db;
    private final long startupMillis;

    private KeycloakServer(
            String database,
            String baseUrl,
            String managementUrl,
            Path logFile,
            Process process,
            PostgresServer postgres,
            MariaDbServer mariadb,
            Database db,
            long startupMillis) {
        this.database = database;
        this.baseUrl = baseUrl;
        this.managementUrl = managementUrl;
        this.logFile = logFile;
        this.process = process;
        this.postgres = postgres;
        this.mariadb = mariadb;
        this.db = db;
        this.startupMillis = startupMillis;
    }

    /** The server of this test JVM, started on first use. */
    /** The window of remembered bearer tokens the shared server runs with ({@code it.authCacheSeconds}, default 3 s). */
    public static final int AUTH_CACHE_SECONDS = Integer.getInteger("it.authCacheSeconds", 3);

    public static synchronized KeycloakServer shared() {
        if (shared == null) {
            shared = start(System.getProperty("it.db", "h2"));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "stop-keycloak"));
        }
        return shared;
    }

    public static boolean started() {
        return shared != null;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * The sum of every series of a Prometheus metric on the management interface's {@code /metrics}
     * (0 when the metric is not there yet), e.g. {@code gateway_access_grants_total}.
     */
    public double metric(String name) {
        return metric(managementUrl, name, "");
    }

    /**
     * The sum of the series of a Prometheus metric on the management interface at {@code managementUrl}
     * whose labels contain {@code labels} (e.g. {@code result="hit"}; "" for every series).
     */
    /** The sum of the series of a metric whose labels contain {@code labels}, e.g. {@code le="+Inf"}. */
    public double metric(String name, String labels) {
        return metric(managementUrl, name, labels);
    }

    /** The management interface's whole {@code /metrics} page, in the Prometheus text format. */
    public String metricsText() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(managementUrl + "/metrics"))
                                    .header("Accept", "text/plain")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("metrics of " + managementUrl + ": " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static double metric(String managementUrl, String name, String labels) {
        HttpResponse<String> r;
        try {
            // text/plain: the Prometheus format
            r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(managementUrl + "/metrics"))
                                    .header("Accept", "text/plain")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("metrics of " + managementUrl + ": " + r.statusCode() + " " + r.body());
        }
        return r.body()
                .lines()
                .filter(l -> (l.startsWith(name + " ") || l.startsWith(name + "{")) && l.contains(labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    public String database() {
        return database;
    }

    public Path logFile() {
        return logFile;
    }

    public long startupMillis() {
        return startupMillis;
    }

    /** The PostgreSQL server behind Keycloak; empty on H2. */
    public java.util.Optional<PostgresServer> postgres() {
        return java.util.Optional.ofNullable(postgres);
    }

    /** The MariaDB server behind Keycloak; empty on H2 and PostgreSQL. */
    public java.util.Optional<MariaDbServer> mariadb() {
        return java.util.Optional.ofNullable(mariadb);
    }

    /**
     * The version of the Keycloak distribution under test (system property {@code keycloak.version}, set per
     * failsafe execution), e.g. 26.5.6 in it-keycloak-26.5.
     */
    public static String keycloakVersion() {
        return ItSettings.keycloakVersion();
    }

    /** True when the Keycloak under test is older than {@code major.minor}. */
    public static boolean keycloakOlderThan(int major, int minor) {
        String[] parts = keycloakVersion().split("\\.");
        if (parts.length < 2) {
            return false;
        }
        int ma = Integer.parseInt(parts[0]);
        int mi = Integer.parseInt(parts[1]);
        return ma < major || (ma == major && mi < minor);
    }

    /** The database behind Keycloak (H2, PostgreSQL or MariaDB), for setup and assertions on rows. */
    public Database db() {
        return db;
    }

    private static KeycloakServer start(String database) {
        Path dist = ItSettings.keycloakDistDir();
        Path work = Path.of(System.getProperty("it.work.dir", "target"));
        String name = System.getProperty("it.name", database);
        Path logFile = work.resolve("keycloak-" + name + ".log");
        PostgresServer postgres = null;
        MariaDbServer mariadb = null;
        Database db;
        try {
            Files.deleteIfExists(logFile);
            deleteRecursively(dist.resolve("data"));
            List<String> options = new ArrayList<>(List.of(
                    "--health-enabled=true",
                    "--metrics-enabled=true",
                    "--cache=local",
                    // The admin console's Gateway Access tab (AdminConsoleTabIT) needs the experimental declarative UI,
                    // as in the demo.
                    "--features=declarative-ui",
                    // Retry failed link grants every 2 s instead of 30 s, so the repair test need not wait long.
                    "--spi-realm-restapi-extension--gateway-access--repair-interval-seconds=2",
                    // A short window of remembered tokens, so that AuthenticationWindowIT need not wait long (the
                    // benchmarks pass 10, the default)
                    "--spi-realm-restapi-extension--gateway-access--authentication-cache-seconds="
                            + AUTH_CACHE_SECONDS));
            String syncInterval = System.getProperty("it.syncIntervalSeconds");
            if (syncInterval != null) {
                options.add("--spi-realm-restapi-extension--gateway-access--sync-interval-seconds=" + syncInterval);
            }
            switch (database) {
                case "h2" -> {
                    H2File h2 = new H2File(dist.resolve("data"));
                    db = h2;
                    options.addAll(List.of(
                            "--db=dev-file",
                            "--db-url=" + h2.url(),
                            "--db-username=" + H2File.USER,
                            "--db-password=" + H2File.PASSWORD));
                }
                case "postgres" -> {
                    postgres = PostgresServer.start(work.resolve("postgres.log"));
                    db = postgres;
                    options.addAll(List.of(
                            "--db=postgres",
                            "--db-url=" + postgres.jdbcUrl(),
                            "--db-username=" + PostgresServer.USER,
                            "--db-password=unused-trust-auth"));
                }
                case "mariadb" -> {
                    mariadb = MariaDbServer.start(work.resolve("mariadb.log"));
                    db = mariadb;
                    options.addAll(List.of(
                            "--db=mariadb",
                            "--db-url=" + mariadb.jdbcUrl(),
                            "--db-username=" + MariaDbServer.USER,
                            "--db-password=" + MariaDbServer.PASSWORD));
                }
                default -> throw new IllegalArgumentException("it.db must be h2, postgres or mariadb, not " + database);
            }
            KeycloakLauncher.Running running;
            try {
                running = KeycloakLauncher.of(name, dist, logFile)
                        .options(options)
                        .bootstrapAdmin()
                        .heap("-Xms256m -Xmx1g")
                        // e.g. -XX:StartFlightRecording=... for a profile of a benchmark run (bench/README.md)
                        .javaOptsAppend(System.getProperty("it.keycloakJavaOpts"))
                        .start();
            } catch (RuntimeException e) {
                System.err.println(e.getMessage());
                throw e;
            }
            Files.writeString(work.resolve("keycloak-" + name + "-startup-ms.txt"), running.startupMillis() + "\n");
            return new KeycloakServer(
                    database,
                    running.baseUrl(),
                    running.managementUrl(),
                    logFile,
                    running.process(),
                    postgres,
                    mariadb,
                    db,
                    running.startupMillis());
        } catch (IOException | RuntimeException e) {
            if (postgres != null) {
                postgres.close();
            }
            if (mariadb != null) {
                mariadb.close();
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void stop() {
        ProcessTree.stop(process, Duration.ofSeconds(30));
        if (postgres != null) {
            postgres.close();
        }
        if (mariadb != null) {
            mariadb.close();
        }
    }

    /** The last lines of the server log, for failure reports. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + file + ")";
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
