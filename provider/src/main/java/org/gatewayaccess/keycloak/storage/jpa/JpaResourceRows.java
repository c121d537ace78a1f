package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;
import org.gatewayaccess.keycloak.storage.GaResourceEntity;
import org.gatewayaccess.keycloak.storage.ResourceRows;

final class JpaResourceRows implements ResourceRows {

    private final EntityManager em;

    JpaResourceRows(EntityManager em) {
        this.em = em;
    }

    @Override
    public GaResourceEntity find(String realmId, String resourceType, String resourceId) {
        return em.find(GaResourceEntity.class, new GaResourceEntity.Key(realmId, resourceType, resourceId));
    }

    @Override
    public void add(GaResourceEntity resource) {
        em.persist(resource);
    }

    @Override
    public void remove(GaResourceEntity resource) {
        em.remove(resource);
    }

    @Override
    public List<String> idsInOrder(String realmId, String resourceType, String after, int first, int max) {
        TypedQuery<String> q = em.createQuery(
                        "select r.resourceId from GaResourceEntity r where r.realmId = :realmId"
                                + " and r.resourceType = :type" + (after == null ? "" : " and r.resourceId > :after")
                                + " order by r.resourceId",
                        String.class)
                .setParameter("realmId", realmId)
                .setParameter("type", resourceType);
        if (after != null) {
            q.setParameter("after", after);
        }
        return q.setFirstResult(first).setMaxResults(max).getResultList();
    }

    @Override
    public void deleteRealm(String realmId) {
        em.createNamedQuery("GaResource.deleteByRealm")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }
}
