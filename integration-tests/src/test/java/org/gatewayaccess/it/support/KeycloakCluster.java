package org.gatewayaccess.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several real Keycloak nodes clustered the way a production deployment is: {@code --cache=ispn}
 * (Keycloak's embedded Infinispan) with the default {@code jdbc-ping} stack, so the nodes find
 * each other through the JGROUPS_PING table of the one PostgreSQL they share, and talk JGroups
 * over TCP (with Keycloak's default mTLS) on loopback ports of their own.
 *
 * <p>Each node runs from its own copy of the distribution under {@code target/keycloak-cluster/}:
 * a node keeps its transaction log under {@code data/} and a (re)build rewrites {@code lib/quarkus/},
 * so two processes must not share one directory. Node A starts first (building its copy if needed)
 * and creates the schema; the next node starts from a copy of A's built distribution with
 * {@code --optimized} once A is ready. Logs: {@code target/keycloak-cluster-node-<x>.log}.
 */
public final class KeycloakCluster implements AutoCloseable {

    /** One Keycloak process of the cluster, reached on its own loopback ports. */
    public record Node(
            String name,
            String baseUrl,
            String managementUrl,
            int clusterPort,
            Path logFile,
            Process process,
            KeycloakAdmin admin) {}

    /** {@code ISPN000094: Received new cluster view for channel ISPN: [node-a|1] (2) [node-a, node-b]} */
    private static final Pattern CLUSTER_VIEW = Pattern.compile(
            "ISPN000094: Received new cluster view for channel \\S+: \\[[^]]*] \\((\\d+)\\) \\[([^]]*)]");

    private final List<Node> nodes = new ArrayList<>();
    private final long startedAt = System.nanoTime();
    private final Thread stopOnExit = new Thread(this::close, "stop-keycloak-cluster");
    private PostgresServer postgres;
    private long startupMillis;
    private boolean closed;

    private KeycloakCluster() {}

    /**
     * Starts PostgreSQL and {@code size} Keycloak nodes on it, and returns once every node is ready
     * and every node's log shows a cluster view of {@code size} members.
     */
    public static KeycloakCluster start(int size) {
        return start(size, List.of());
    }

    /** The same, with run-time options of every node added (e.g. an SPI option of the extension). */
    public static KeycloakCluster start(int size, List<String> nodeOptions) {
        Path dist = ItSettings.keycloakDistDir();
        Path work = Path.of(System.getProperty("it.work.dir", "target")).toAbsolutePath();
        Path root = work.resolve("keycloak-cluster");
        KeycloakCluster cluster = new KeycloakCluster();
        // Should the test JVM end without @AfterAll (killed build, fork timeout), no node outlives it.
        Runtime.getRuntime().addShutdownHook(cluster.stopOnExit);
        try {
            KeycloakServer.deleteRecursively(root);
            Path postgresLog = work.resolve("postgres-cluster.log");
            Files.deleteIfExists(postgresLog);
            cluster.postgres = PostgresServer.start(postgresLog);
            cluster.phase("PostgreSQL ready");

            // One after the other: the first node creates the schema (and the cluster's mTLS certificate) alone,
            // and builds its copy of the distribution if that copy was not built with the same options already.
            Path first = root.resolve(nodeName(0));
            copyDistribution(dist, first);
            cluster.nodes.add(startNode(first, nodeName(0), work, cluster.postgres, true, nodeOptions));
            cluster.phase(nodeName(0) + " ready");
            for (int i = 1; i < size; i++) {
                // A copy of the first node's (now built) distribution starts --optimized: no second build.
                Path home = root.resolve(nodeName(i));
                copyDistribution(first, home);
                cluster.nodes.add(startNode(home, nodeName(i), work, cluster.postgres, false, nodeOptions));
                cluster.phase(nodeName(i) + " ready");
            }
            cluster.awaitClusterView(Duration.ofSeconds(60));
            cluster.startupMillis = cluster.millisSinceStart();
            Files.writeString(work.resolve("keycloak-cluster-startup-ms.txt"), cluster.startupMillis + "\n");
            return cluster;
        } catch (IOException | RuntimeException | InterruptedException e) {
            String logs = tails(cluster.nodes, 80);
            cluster.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("The Keycloak cluster did not start: " + e.getMessage() + "\n" + logs, e);
        }
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** Milliseconds since this cluster began to start, for timing reports. */
    public long millisSinceStart() {
        return (System.nanoTime() - startedAt) / 1_000_000;
    }

    /** From starting PostgreSQL to the full cluster view, in milliseconds. */
    public long startupMillis() {
        return startupMillis;
    }

    /** The members of the latest cluster view in a node's log (empty before its first view). */
    public static List<String> lastClusterView(Node node) {
        List<String> members = List.of();
        try {
            for (String line : Files.readAllLines(node.logFile())) {
                Matcher m = CLUSTER_VIEW.matcher(line);
                if (m.find()) {
                    members = List.of(m.group(2).split(",\\s*"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return members;
    }

    /** The last lines of every node's log, for failure reports. */
    public String logTails(int lines) {
        return tails(nodes, lines);
    }

    /** Stops every node, then PostgreSQL (deleting its data). */
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
                // the hook is running or about to: it finds the cluster closed
            }
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            ProcessTree.stop(nodes.get(i).process(), Duration.ofSeconds(30));
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private void phase(String what) {
        System.out.println("Keycloak cluster: " + what + " after " + millisSinceStart() + " ms");
    }

    private static String nodeName(int index) {
        return "node-" + (char) ('a' + index);
    }

    private static Node startNode(
            Path home, String name, Path work, PostgresServer postgres, boolean first, List<String> nodeOptions)
            throws IOException, InterruptedException {
        int clusterPort = Ports.free();
        Path logFile = work.resolve("keycloak-cluster-" + name + ".log");
        Files.deleteIfExists(logFile);
        KeycloakLauncher launcher = KeycloakLauncher.of(name, home, logFile);
        if (first) {
            // The build-time options. Keycloak rebuilds only when they (or the providers) differ from the copy's last
            // build: in a full run the it-postgres execution has just built the distribution this way.
            launcher.options(List.of("--db=postgres", "--health-enabled=true", "--metrics-enabled=true"));
            // The master realm's admin is created once, by the node that creates the database.
            launcher.bootstrapAdmin();
        } else {
            launcher.optimized();
        }
        // No --hostname: each node derives its URLs, and so its tokens' issuer, from the request (see
        // TwoNodeClusterIT).
        launcher.options(List.of(
                "--db-url=" + postgres.jdbcUrl(),
                "--db-username=" + PostgresServer.USER,
                "--db-password=unused-trust-auth",
                "--cache=ispn",
                "--cache-stack=jdbc-ping",
                // JGroups on loopback: the default bind address (SITE_LOCAL) would pick a network interface, and the
                // default port 7800 would be taken by the second node (and by anything else on the machine).
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + clusterPort,
                // A readable member name in the cluster view (Keycloak's default is the host name plus a random
                // number).
                "--spi-cache-embedded--default--node-name=" + name));
        launcher.options(nodeOptions);
        KeycloakLauncher.Running running = launcher.start();
        return new Node(
                name,
                running.baseUrl(),
                running.managementUrl(),
                clusterPort,
                logFile,
                running.process(),
                running.admin());
    }

    /**
     * Ready is not enough: a node that found no peer forms a cluster of its own and is ready too.
     * Infinispan logs every view it installs, so wait until every node's latest one has them all.
     */
    private void awaitClusterView(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> views = new ArrayList<>();
            boolean complete = true;
            for (Node node : nodes) {
                List<String> view = lastClusterView(node);
                views.add(node.name() + ": " + view);
                complete &= view.size() == nodes.size();
            }
            if (complete) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no cluster view of " + nodes.size() + " members within " + timeout
                        + "; latest views " + views);
            }
            Thread.sleep(250);
        }
    }

    private static String tails(List<Node> nodes, int lines) {
        StringBuilder out = new StringBuilder();
        for (Node node : nodes) {
            out.append("==== last ")
                    .append(lines)
                    .append(" lines of ")
                    .append(node.logFile())
                    .append(" ====\n")
                    .append(KeycloakServer.tail(node.logFile(), lines))
                    .append('\n');
        }
        return out.toString();
    }

    /** Copies a distribution without its {@code data/} (the transaction log and temporary files of whoever ran it). */
    static void copyDistribution(Path from, Path to) throws IOException {
        Path data = from.resolve("data");
        try (var files = Files.walk(from)) {
            for (Path source : files.filter(p -> !p.startsWith(data)).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
