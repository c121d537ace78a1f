package org.gatewayaccess.keycloak.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The provider's main sources as the structure tests read them: every Java file, and its code without comments. */
final class MainSources {

    private static final Path SOURCES = Path.of("src", "main", "java", "org", "gatewayaccess", "keycloak");

    private MainSources() {}

    static List<Path> javaFiles() throws IOException {
        assertTrue(
                Files.isDirectory(SOURCES),
                SOURCES.toAbsolutePath() + " is missing (the test runs in the repository root)");
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Path> all =
                    files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
            assertTrue(all.size() > 100, "sources read: " + all.size());
            return all;
        }
    }

    /**
     * The code without comments, string and character literals, so that none can look like a declaration, code or a
     * brace.
     */
    static String code(Path file) throws IOException {
        return Files.readString(file)
                .replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("\"(?:\\\\.|[^\"\\\\\\n])*\"", "\"\"")
                .replaceAll("'(?:\\\\.|[^'\\\\\\n])'", "' '")
                .replaceAll("//[^\\n]*", " ");
    }

    /** The file's path below the provider's root package, as a failure names it. */
    static String name(Path file) {
        return SOURCES.relativize(file).toString().replace('\\', '/');
    }
}
