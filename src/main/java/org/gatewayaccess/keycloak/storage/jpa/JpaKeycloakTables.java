package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.KeycloakTables;
import org.keycloak.models.KeycloakSession;

final class JpaKeycloakTables implements KeycloakTables {

    private final KeycloakSession session;
    private final EntityManager em;

    JpaKeycloakTables(KeycloakSession session, EntityManager em) {
        this.session = session;
        this.em = em;
    }

    // store-a:

    @Override
    public java.util.List<Object[]> groupMembersByUsername(String groupId, int first, int max) {
        return em.createQuery("select m.user.id, m.user.username from UserGroupMembershipEntity m"
                + " where m.groupId = :groupId order by m.user.username", Object[].class)
            .setParameter("groupId", groupId).setFirstResult(first).setMaxResults(max).getResultList();
    }

    @Override
    public long groupMemberCount(String groupId) {
        return em.createQuery("select count(m) from UserGroupMembershipEntity m where m.groupId = :groupId", Long.class)
            .setParameter("groupId", groupId).getSingleResult();
    }

    @Override
    public java.util.Set<String> directRoleIds(String userId, java.util.Set<String> roleIds) {
        // "in ()" is not valid SQL: an id that no role can have stands in for "no roles"
        return new java.util.HashSet<>(em.createQuery("select m.roleId from UserRoleMappingEntity m where m.user.id = :userId"
                + " and m.roleId in :roleIds", String.class)
            .setParameter("userId", userId).setParameter("roleIds", roleIds.isEmpty() ? java.util.Set.of("-") : roleIds).getResultList());
    }

    @Override
    public java.util.List<String> directRoleHolders(String roleId, String fromExclusive, String toInclusive) {
        return em.createQuery("select m.user.id from UserRoleMappingEntity m where m.roleId = :roleId"
                + " and m.user.id > :rangeFrom and m.user.id <= :rangeTo order by m.user.id", String.class)
            .setParameter("roleId", roleId).setParameter("rangeFrom", fromExclusive)
            .setParameter("rangeTo", toInclusive).getResultList();
    }

    @Override
    public java.util.List<org.keycloak.models.jpa.entities.UserRoleMappingEntity> lockDirectRoleMappings(String roleId,
                                                                                                       java.util.List<String> userIds) {
        return em.createQuery("select m from UserRoleMappingEntity m where m.roleId = :roleId"
                + " and m.user.id in :userIds", org.keycloak.models.jpa.entities.UserRoleMappingEntity.class)
            .setParameter("roleId", roleId).setParameter("userIds", userIds)
            .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    @Override
    public boolean stillMapped(org.keycloak.models.jpa.entities.UserRoleMappingEntity mapping) {
        return em.contains(mapping);
    }

    @Override
    public long directRoleMappingCount(String roleId) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM "
            + org.keycloak.connections.jpa.util.JpaUtils.getTableNameForNativeQuery("USER_ROLE_MAPPING", em)
            + " WHERE ROLE_ID = :roleId").setParameter("roleId", roleId).getSingleResult()).longValue();
    }
}
