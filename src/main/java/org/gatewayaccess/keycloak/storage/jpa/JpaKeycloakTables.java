package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.KeycloakTables;
import org.keycloak.models.KeycloakSession;

final class JpaKeycloakTables implements KeycloakTables {

    private final KeycloakSession session;
    private final EntityManager em;

    JpaKeycloakTables(KeycloakSession session, EntityManager em) {
        this.session = session;
        this.em = em;
    }
}
