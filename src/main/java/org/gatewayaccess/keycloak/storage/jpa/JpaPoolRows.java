package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.PoolRows;

final class JpaPoolRows implements PoolRows {

    private final EntityManager em;

    JpaPoolRows(EntityManager em) {
        this.em = em;
    }
}
