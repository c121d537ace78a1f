package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.ResourceRows;

final class JpaResourceRows implements ResourceRows {

    private final EntityManager em;

    JpaResourceRows(EntityManager em) {
        this.em = em;
    }

    // store-b:
    @Override
    public void deleteRealm(String realmId) {
        em.createNamedQuery("GaResource.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }
}
