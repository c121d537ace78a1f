package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.GrantRows;

final class JpaGrantRows implements GrantRows {

    private final EntityManager em;

    JpaGrantRows(EntityManager em) {
        this.em = em;
    }

    // store-b:
    @Override
    public void deleteRealm(String realmId) {
        em.createNamedQuery("GaGrant.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }
}
