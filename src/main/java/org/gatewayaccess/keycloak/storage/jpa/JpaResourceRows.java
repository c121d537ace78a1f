package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.ResourceRows;

final class JpaResourceRows implements ResourceRows {

    private final EntityManager em;

    JpaResourceRows(EntityManager em) {
        this.em = em;
    }
}
