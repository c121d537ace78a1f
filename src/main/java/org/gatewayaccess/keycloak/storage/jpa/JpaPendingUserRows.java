package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.PendingUserRows;

final class JpaPendingUserRows implements PendingUserRows {

    private final EntityManager em;

    JpaPendingUserRows(EntityManager em) {
        this.em = em;
    }
}
