package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.RealmStateRows;

final class JpaRealmStateRows implements RealmStateRows {

    private final EntityManager em;

    JpaRealmStateRows(EntityManager em) {
        this.em = em;
    }

    // store-a:

    @Override
    public void lockForAdminChange(String realmId) {
        em.find(org.gatewayaccess.keycloak.storage.GaRealmStateEntity.class, realmId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }
}
