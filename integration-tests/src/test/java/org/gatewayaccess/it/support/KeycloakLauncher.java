package org.gatewayaccess.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one Keycloak process of a distribution and waits until it is ready: the one launcher behind the shared
 * server ({@link KeycloakServer}), the dedicated servers that are killed, stopped and restarted
 * ({@link DedicatedKeycloak}), the featureless one ({@link FeaturelessKeycloak}) and the nodes of a cluster
 * ({@link KeycloakCluster}). Each of those says only what makes it different: its build options, its database, its
 * extension options; the loopback HTTP listener, the ports, the bootstrap admin, the heap, the readiness wait and the
 * log tail of a failed start are here.
 */
public final class KeycloakLauncher {

    private static final String DEFAULT_HEAP = "-Xms256m -Xmx768m";

    private final String name;
    private final Path home;
    private final Path logFile;
    private final List<String> options = new ArrayList<>();
    private boolean optimized;
    private boolean bootstrapAdmin;
    private boolean appendToLog;
    private String heap = DEFAULT_HEAP;
    private String javaOptsAppend;
    private Duration readyTimeout = Duration.ofMinutes(5);

    private KeycloakLauncher(String name, Path home, Path logFile) {
        this.name = name;
        this.home = home;
        this.logFile = logFile;
    }

    /** A launch of the distribution at {@code home} ({@code bin/kc.sh start}), writing its output to {@code logFile}. */
    public static KeycloakLauncher of(String name, Path home, Path logFile) {
        return new KeycloakLauncher(name, home, logFile);
    }

    /** {@code --optimized}: the distribution was built with these build options already; no build at start. */
    public KeycloakLauncher optimized() {
        this.optimized = true;
        return this;
    }

    public KeycloakLauncher options(List<String> more) {
        options.addAll(more);
        return this;
    }

    public KeycloakLauncher option(String option) {
        options.add(option);
        return this;
    }

    /** The master realm's admin ({@link KeycloakServer#ADMIN_USER}), created by the start that creates the database. */
    public KeycloakLauncher bootstrapAdmin() {
        this.bootstrapAdmin = true;
        return this;
    }

    /** Appends to the log instead of replacing it (a restart keeps the first run's lines). */
    public KeycloakLauncher appendToLog() {
        this.appendToLog = true;
        return this;
    }

    public KeycloakLauncher heap(String heapOptions) {
        this.heap = heapOptions;
        return this;
    }

    /** {@code JAVA_OPTS_APPEND}, e.g. {@code -XX:StartFlightRecording=…} for a profile; null or blank: none. */
    public KeycloakLauncher javaOptsAppend(String javaOpts) {
        this.javaOptsAppend = javaOpts;
        return this;
    }

    public KeycloakLauncher readyTimeout(Duration timeout) {
        this.readyTimeout = timeout;
        return this;
    }

    /** A ready Keycloak: its process, where it listens and its master admin. */
    public record Running(
            Process process,
            int httpPort,
            String baseUrl,
            String managementUrl,
            Path logFile,
            KeycloakAdmin admin,
            long startupMillis) {}

    /**
     * Starts the process on free loopback ports and waits for {@code /health/ready}. A start that fails stops the process
     * and throws with the log's last lines.
     */
    public Running start() {
        int httpPort = Ports.free();
        int managementPort = Ports.free();
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start"));
        if (optimized) {
            command.add("--optimized");
        }
        command.addAll(List.of(
                "--http-enabled=true",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--hostname-strict=false"));
        command.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(
                        appendToLog
                                ? ProcessBuilder.Redirect.appendTo(logFile.toFile())
                                : ProcessBuilder.Redirect.to(logFile.toFile()));
        Map<String, String> env = pb.environment();
        if (bootstrapAdmin) {
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.ADMIN_USER);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
        }
        env.put("JAVA_OPTS_KC_HEAP", heap);
        if (javaOptsAppend != null && !javaOptsAppend.isBlank()) {
            env.put("JAVA_OPTS_APPEND", javaOptsAppend);
        }
        String baseUrl = "http://127.0.0.1:" + httpPort;
        String managementUrl = "http://127.0.0.1:" + managementPort;
        long t0 = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": could not run " + command.get(0), e);
        }
        try {
            ReadyWait.awaitReady(process, managementUrl + "/health/ready", readyTimeout, logFile);
        } catch (InterruptedException e) {
            ProcessTree.stop(process, Duration.ofSeconds(30));
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while starting", e);
        } catch (RuntimeException e) {
            ProcessTree.stop(process, Duration.ofSeconds(30));
            throw new IllegalStateException(
                    name + ": " + e.getMessage() + "\n==== last lines of " + logFile + " ====\n"
                            + KeycloakServer.tail(logFile, 80),
                    e);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new Running(
                process,
                httpPort,
                baseUrl,
                managementUrl,
                logFile,
                new KeycloakAdmin(baseUrl, KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD),
                millis);
    }
}
