package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.gatewayaccess.keycloak.storage.PoolRows;

import java.util.List;

final class JpaPoolRows implements PoolRows {

    private final EntityManager em;

    JpaPoolRows(EntityManager em) {
        this.em = em;
    }

    // store-b:
    @Override
    public List<GaPoolEntity> ofRealm(String realmId) {
        return em.createNamedQuery("GaPool.byRealm", GaPoolEntity.class).setParameter("realmId", realmId).getResultList();
    }

    @Override
    public boolean realmHasPools(String realmId) {
        return !em.createNamedQuery("GaPool.byRealm").setParameter("realmId", realmId).setMaxResults(1).getResultList().isEmpty();
    }

    @Override
    public void detachIdentityProvider(String realmId, String alias) {
        em.createNamedQuery("GaPool.detachIdentityProvider").setParameter("realmId", realmId).setParameter("alias", alias)
            .executeUpdate();
    }

    @Override
    public void deleteRealm(String realmId) {
        em.createNamedQuery("GaPool.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }
}
