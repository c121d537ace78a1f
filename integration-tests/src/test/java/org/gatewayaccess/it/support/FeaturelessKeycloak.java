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
        try {
            KeycloakServer.deleteRecursively(home);
            KeycloakCluster.copyDistribution(dist, home);
            Files.deleteIfExists(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KeycloakLauncher.Running running = KeycloakLauncher.of(name, home, logFile)
                .bootstrapAdmin()
                .options(List.of(
                        "--features-disabled=declarative-ui",
                        "--health-enabled=true",
                        "--cache=local",
                        "--db=dev-file"))
                .start();
        return new FeaturelessKeycloak(running.process(), running.baseUrl(), logFile);
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
