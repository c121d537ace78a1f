package org.gatewayaccess.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A second Keycloak of one test's own, started like an operator's server that does not turn on the experimental
 * {@code declarative-ui} feature (the shared test server does): its own copy of the distribution with the extension,
 * its own H2 file, rebuilt at start for that feature set. Log: {@code target/keycloak-<name>.log}.
 */
public final class FeaturelessKeycloak implements AutoCloseable {

    private final Process process;
    private final String baseUrl;
    private final KeycloakAdmin admin;
    private final Path logFile;

    private FeaturelessKeycloak(Process process, String baseUrl, Path logFile) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
        this.admin = new KeycloakAdmin(baseUrl, KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
    }

    public static FeaturelessKeycloak start(String name) {
        Path dist = ItSettings.keycloakDistDir();
        Path work = Path.of(System.getProperty("it.work.dir", "target")).toAbsolutePath();
        Path home = work.resolve("keycloak-" + name);
        Path logFile = work.resolve("keycloak-" + name + ".log");
        int httpPort = Ports.free();
        int managementPort = Ports.free();
        Process process = null;
        try {
            KeycloakServer.deleteRecursively(home);
            KeycloakCluster.copyDistribution(dist, home);
            Files.deleteIfExists(logFile);
            ProcessBuilder pb = new ProcessBuilder(List.of(home.resolve("bin/kc.sh").toString(), "start",
                "--features-disabled=declarative-ui", "--http-enabled=true", "--http-host=127.0.0.1", "--hostname-strict=false",
                "--health-enabled=true", "--cache=local", "--db=dev-file",
                "--http-port=" + httpPort, "--http-management-port=" + managementPort))
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(logFile.toFile());
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.ADMIN_USER);
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
            pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx768m");
            process = pb.start();
            ReadyWait.awaitReady(process, "http://127.0.0.1:" + managementPort + "/health/ready", Duration.ofMinutes(5), logFile);
            return new FeaturelessKeycloak(process, "http://127.0.0.1:" + httpPort, logFile);
        } catch (IOException e) {
            ProcessTree.stop(process, Duration.ofSeconds(30));
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            ProcessTree.stop(process, Duration.ofSeconds(30));
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            ProcessTree.stop(process, Duration.ofSeconds(30));
            throw new IllegalStateException(name + ": " + e.getMessage() + "\n" + KeycloakServer.tail(logFile, 80), e);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    public KeycloakAdmin admin() {
        return admin;
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        ProcessTree.stop(process, Duration.ofSeconds(30));
    }
}
