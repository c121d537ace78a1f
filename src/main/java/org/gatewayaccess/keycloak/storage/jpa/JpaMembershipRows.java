package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.MembershipRows;

final class JpaMembershipRows implements MembershipRows {

    private final EntityManager em;

    JpaMembershipRows(EntityManager em) {
        this.em = em;
    }
}
