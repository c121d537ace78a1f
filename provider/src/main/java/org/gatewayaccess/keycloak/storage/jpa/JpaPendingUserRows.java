package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.gatewayaccess.keycloak.storage.GaPendingUserEntity;
import org.gatewayaccess.keycloak.storage.PendingUserRows;

final class JpaPendingUserRows implements PendingUserRows {

    private final EntityManager em;

    JpaPendingUserRows(EntityManager em) {
        this.em = em;
    }

    @Override
    public boolean isPending(String realmId, String userId) {
        return em.find(GaPendingUserEntity.class, new GaPendingUserEntity.Key(realmId, userId)) != null;
    }

    @Override
    public void addAndFlush(GaPendingUserEntity row) {
        em.persist(row);
        em.flush();
    }

    @Override
    public List<GaPendingUserEntity> page(String realmId, int first, int max) {
        return em.createQuery(
                        "select p from GaPendingUserEntity p where p.realmId = :realmId order by p.createdAt, p.userId",
                        GaPendingUserEntity.class)
                .setParameter("realmId", realmId)
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultList();
    }

    @Override
    public int remove(String realmId, String userId) {
        return em.createNamedQuery("GaPendingUser.deleteByUser")
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .executeUpdate();
    }

    @Override
    public void deleteOfUser(String realmId, String userId) {
        em.createNamedQuery("GaPendingUser.deleteByUser")
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .executeUpdate();
    }

    @Override
    public void deleteRealm(String realmId) {
        em.createNamedQuery("GaPendingUser.deleteByRealm")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }
}
