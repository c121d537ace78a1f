package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.io.File;
import java.util.List;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.ItSettings;
import org.gatewayaccess.it.support.KeycloakAdmin;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The smoke scenario in the official Keycloak image, for contributors with a Docker
 * engine. Where there is none it is skipped, with that reason in the report; the
 * same scenario always runs against the distribution in the other tests.
 */
class DockerImageSmokeIT {

    @Test
    void inTheOfficialImageALinkMakesAViewer() {
        assumeTrue(
                DockerClientFactory.instance().isDockerAvailable(),
                "No Docker engine on this machine: the official-image smoke test is skipped (the distribution tests cover the same)");
        String image = "quay.io/keycloak/keycloak:" + ItSettings.keycloakVersion();
        File jar = ItSettings.keycloakDistDir()
                .resolve("providers/gateway-access.jar")
                .toFile();
        try (KeycloakContainer keycloak = new KeycloakContainer(image).withProviderLibsFrom(List.of(jar))) {
            keycloak.start();
            KeycloakAdmin admin = new KeycloakAdmin(
                    keycloak.getAuthServerUrl().replaceAll("/$", ""),
                    keycloak.getAdminUsername(),
                    keycloak.getAdminPassword());
            GatewayRealm gw = GatewayRealm.create(admin, "docker");
            String token = gw.gatewayAdminToken();
            String pool = Http.post(gw.api() + "/pools", token, GatewayRealm.pool("p", PARTNER_IDP))
                    .json()
                    .get("id")
                    .asText();
            String user = admin.createUser(gw.name(), "docker-user");
            admin.link(gw.name(), user, PARTNER_IDP);
            assertEquals(
                    "user:" + user,
                    Http.get(gw.api() + "/pools/" + pool + "/viewers", token)
                            .json()
                            .get(0)
                            .get("principal")
                            .asText());
        }
    }
}
