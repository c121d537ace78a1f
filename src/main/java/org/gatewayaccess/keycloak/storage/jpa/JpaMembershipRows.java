package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.MembershipRows;

final class JpaMembershipRows implements MembershipRows {

    private final EntityManager em;

    JpaMembershipRows(EntityManager em) {
        this.em = em;
    }

    // store-a:

    @Override
    public java.util.List<org.gatewayaccess.keycloak.storage.GaMembershipEntity> forUsersInGroup(String groupId,
                                                                                             java.util.List<String> userIds) {
        return em.createQuery("select m from GaMembershipEntity m where m.groupId = :groupId and m.userId in :userIds"
                + " order by m.grantedAt, m.source", org.gatewayaccess.keycloak.storage.GaMembershipEntity.class)
            .setParameter("groupId", groupId).setParameter("userIds", userIds)
            .getResultList();
    }

    @Override
    public java.util.List<org.gatewayaccess.keycloak.storage.GaMembershipEntity> forUser(String realmId, String userId) {
        return em.createQuery("select m from GaMembershipEntity m where m.realmId = :realmId and m.userId = :userId"
                + " order by m.grantedAt, m.source", org.gatewayaccess.keycloak.storage.GaMembershipEntity.class)
            .setParameter("realmId", realmId).setParameter("userId", userId)
            .getResultList();
    }
}
