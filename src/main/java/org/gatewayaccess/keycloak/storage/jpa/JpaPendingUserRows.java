package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.PendingUserRows;

final class JpaPendingUserRows implements PendingUserRows {

    private final EntityManager em;

    JpaPendingUserRows(EntityManager em) {
        this.em = em;
    }

    // store-b:
    @Override
    public void deleteOfUser(String realmId, String userId) {
        em.createNamedQuery("GaPendingUser.deleteByUser").setParameter("realmId", realmId).setParameter("userId", userId)
            .executeUpdate();
    }

    @Override
    public void deleteRealm(String realmId) {
        em.createNamedQuery("GaPendingUser.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }
}
