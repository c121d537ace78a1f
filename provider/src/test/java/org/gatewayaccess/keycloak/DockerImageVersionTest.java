package org.gatewayaccess.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker/ must run the Keycloak the JAR is built and tested against. */
class DockerImageVersionTest {

    private static final Pattern IMAGE = Pattern.compile("quay\\.io/keycloak/keycloak:([0-9][^\\s\"]*)");

    @Test
    void everyKeycloakImageInDockerMatchesThePomsVersion() throws IOException {
        String pomVersion = System.getProperty("keycloak.version");
        assertFalse(pomVersion == null || pomVersion.isBlank(), "surefire passes keycloak.version from the pom");
        int images = 0;
        for (Path file : List.of(Path.of("../docker/Dockerfile"), Path.of("../docker/compose.yaml"))) {
            Matcher m = IMAGE.matcher(Files.readString(file));
            while (m.find()) {
                images++;
                assertEquals(pomVersion, m.group(1), () -> file + " names Keycloak " + m.group(1));
            }
        }
        assertFalse(images == 0, "docker/Dockerfile names the Keycloak image");
    }
}
