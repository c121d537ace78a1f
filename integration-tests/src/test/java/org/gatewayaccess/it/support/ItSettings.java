package org.gatewayaccess.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the integration tests find Keycloak and the project: Maven's failsafe executions pass system properties
 * (each execution its own distribution and version); without them, as in an IDE, the defaults the build wrote into
 * {@code gateway-access-it.properties} apply, so a single IT runs with no configuration once the distribution is
 * unpacked.
 */
public final class ItSettings {

    private static final Properties DEFAULTS = defaults();

    private ItSettings() {}

    public static String keycloakVersion() {
        return setting("keycloak.version");
    }

    /** The unpacked Keycloak distribution the tests start, with the provider in its {@code providers/}. */
    public static Path keycloakDistDir() {
        Path dist = Path.of(setting("keycloak.dist.dir"));
        if (!Files.isDirectory(dist.resolve("bin"))) {
            throw new IllegalStateException(
                    "No Keycloak distribution at " + dist + ": run `./mvnw -DskipTests -pl integration-tests -am"
                            + " pre-integration-test` once (it builds the provider and unpacks Keycloak "
                            + keycloakVersion() + " there)");
        }
        return dist;
    }

    /** The repository's top folder (the demo realms, docs/openapi.yaml). */
    public static Path projectRoot() {
        return Path.of(setting("project.root"));
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = DEFAULTS.getProperty(name);
        }
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException(
                    "No " + name + ": neither a system property nor gateway-access-it.properties"
                            + " (written by the build into target/test-classes) has it");
        }
        return value;
    }

    private static Properties defaults() {
        Properties properties = new Properties();
        try (InputStream in = ItSettings.class.getResourceAsStream("/gateway-access-it.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
