package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.util.List;
import java.util.Optional;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.gatewayaccess.keycloak.storage.PoolRows;

final class JpaPoolRows implements PoolRows {

    private final EntityManager em;

    JpaPoolRows(EntityManager em) {
        this.em = em;
    }

    @Override
    public List<GaPoolEntity> inRealm(String realmId) {
        return em.createNamedQuery("GaPool.byRealm", GaPoolEntity.class)
                .setParameter("realmId", realmId)
                .getResultList();
    }

    @Override
    public Optional<GaPoolEntity> byName(String realmId, String name) {
        return em.createNamedQuery("GaPool.byRealmAndName", GaPoolEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("name", name)
                .getResultStream()
                .findFirst();
    }

    @Override
    public GaPoolEntity find(String id) {
        return em.find(GaPoolEntity.class, id);
    }

    @Override
    public List<GaPoolEntity> byIdentityProvider(String realmId, String alias) {
        return em.createNamedQuery("GaPool.byIdentityProvider", GaPoolEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("alias", alias)
                .getResultList();
    }

    @Override
    public List<GaPoolEntity> bySource(String realmId, String source) {
        return em.createNamedQuery("GaPool.bySource", GaPoolEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("source", source)
                .getResultList();
    }

    @Override
    public List<GaPoolEntity> untracked(String realmId) {
        return em.createNamedQuery("GaPool.untracked", GaPoolEntity.class)
                .setParameter("realmId", realmId)
                .getResultList();
    }

    @Override
    public boolean add(GaPoolEntity pool) {
        em.persist(pool);
        return flushed();
    }

    @Override
    public void setSource(GaPoolEntity pool, String source) {
        // the pool is managed: the commit writes it (a source never touches the unique name, so no flush is needed)
        pool.setSource(source);
    }

    @Override
    public boolean update(GaPoolEntity pool) {
        // the pool is managed: its changes are written by the flush
        return flushed();
    }

    @Override
    public void remove(GaPoolEntity pool) {
        em.remove(pool);
    }

    /** Two requests may pass the name check at once; the unique constraint decides at the flush. */
    private boolean flushed() {
        try {
            em.flush();
            return true;
        } catch (PersistenceException e) {
            return false;
        }
    }

    @Override
    public boolean realmHasPools(String realmId) {
        return !em.createNamedQuery("GaPool.byRealm")
                .setParameter("realmId", realmId)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    @Override
    public void detachIdentityProvider(String realmId, String alias) {
        em.createNamedQuery("GaPool.detachIdentityProvider")
                .setParameter("realmId", realmId)
                .setParameter("alias", alias)
                .executeUpdate();
    }

    @Override
    public void deleteRealm(String realmId) {
        em.createNamedQuery("GaPool.deleteByRealm")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }
}
