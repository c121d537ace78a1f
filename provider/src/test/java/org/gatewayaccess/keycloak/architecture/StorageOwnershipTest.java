package org.gatewayaccess.keycloak.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 part 1: every table has one owner. Only the JPA implementation of the store ({@code storage/jpa}) holds an
 * entity manager or a query string; everything else reaches the database through
 * {@code GatewayAccessStore.of(session)}, and nothing outside {@code storage/} imports the implementation.
 */
class StorageOwnershipTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "org", "gatewayaccess", "keycloak");
    private static final Path JPA = SOURCES.resolve("storage").resolve("jpa");

    /** What only the JPA implementation may use. */
    private static final Pattern PERSISTENCE = Pattern.compile(
            "\\bEntityManager\\b|\\bJpaConnectionProvider\\b|\\bcreate(Native|Named)?Query\\b|\\borg\\.hibernate\\.");

    /** Name the JPA provider without touching the database: they order their postInit after Keycloak's JPA factory. */
    private static final Set<String> ALLOWED =
            Set.of("rest/GatewayAccessResourceProviderFactory.java", "cache/DefaultGatewayAccessCachesFactory.java");

    @Test
    void onlyTheJpaStoreTouchesTheDatabase() throws IOException {
        Set<String> offenders = new TreeSet<>();
        for (Path file : javaFiles()) {
            if (!file.startsWith(JPA)
                    && !ALLOWED.contains(name(file))
                    && PERSISTENCE.matcher(code(file)).find()) {
                offenders.add(name(file));
            }
        }
        assertTrue(
                offenders.isEmpty(),
                "outside storage/jpa, these use an entity manager or a query: " + offenders
                        + " (go through GatewayAccessStore.of(session))");
    }

    @Test
    void nothingAboveTheStoreImportsItsImplementation() throws IOException {
        Set<String> offenders = new TreeSet<>();
        for (Path file : javaFiles()) {
            if (!file.startsWith(SOURCES.resolve("storage"))
                    && code(file).contains("org.gatewayaccess.keycloak.storage.jpa")) {
                offenders.add(name(file));
            }
        }
        assertTrue(offenders.isEmpty(), "these import storage.jpa (use GatewayAccessStore.of(session)): " + offenders);
    }

    private static List<Path> javaFiles() throws IOException {
        assertTrue(Files.isDirectory(JPA), JPA.toAbsolutePath() + " is missing (the test runs in the repository root)");
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The code without comments, so that Javadoc may name what it explains. */
    private static String code(Path file) throws IOException {
        return Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }

    private static String name(Path file) {
        return SOURCES.relativize(file).toString().replace('\\', '/');
    }
}
