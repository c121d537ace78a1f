package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.gatewayaccess.keycloak.storage.KeycloakTables;
import org.gatewayaccess.keycloak.storage.RealmStateRows;
import org.gatewayaccess.keycloak.storage.UserIdRange;
import org.gatewayaccess.keycloak.storage.UserSelection;
import org.keycloak.connections.jpa.util.JpaUtils;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.storage.StorageId;

final class JpaKeycloakTables implements KeycloakTables {

    private final EntityManager em;
    /** Users without a USER_ENTITY row queue on their realm's row, which only its owner locks. */
    private final RealmStateRows realmStates;

    JpaKeycloakTables(EntityManager em, RealmStateRows realmStates) {
        this.em = em;
        this.realmStates = realmStates;
    }

    @Override
    public boolean lockUser(String realmId, String userId) {
        if (!StorageId.isLocalStorage(userId)) {
            realmStates.lock(realmId);
            return true;
        }
        return em.find(UserEntity.class, userId, LockModeType.PESSIMISTIC_WRITE) != null;
    }

    @Override
    public boolean isLinked(String userId, String alias) {
        String query = StorageId.isLocalStorage(userId)
                ? "select count(f) from FederatedIdentityEntity f where f.user.id = :userId and f.identityProvider = :alias"
                : "select count(b) from BrokerLinkEntity b where b.userId = :userId and b.identityProvider = :alias";
        return em.createQuery(query, Long.class)
                        .setParameter("userId", userId)
                        .setParameter("alias", alias)
                        .getSingleResult()
                > 0;
    }

    @Override
    public long membershipsIn(Set<String> groupIds, String userId) {
        return em.createQuery(
                        "select count(m) from UserGroupMembershipEntity m where m.groupId in :groupIds and m.user.id = :userId",
                        Long.class)
                .setParameter("groupIds", groupIds)
                .setParameter("userId", userId)
                .getSingleResult();
    }

    @Override
    public boolean hasEnabledMember(Set<String> groupIds) {
        return em.createQuery(
                                "select count(m) from UserGroupMembershipEntity m where m.groupId in :groupIds and m.user.enabled = true",
                                Long.class)
                        .setParameter("groupIds", groupIds)
                        .getSingleResult()
                > 0;
    }

    @Override
    public long countOtherEnabledMembers(Set<String> groupIds, Set<String> leavingUserIds) {
        return DatabaseDialect.isMySqlFamily(em)
                ? countOtherEnabledMembersLocking(groupIds, leavingUserIds)
                : em.createQuery(
                                "select count(distinct m.user.id) from UserGroupMembershipEntity m where m.groupId in :groupIds"
                                        + " and m.user.id not in :userIds and m.user.enabled = true",
                                Long.class)
                        .setParameter("groupIds", groupIds)
                        .setParameter("userIds", leavingUserIds)
                        .getSingleResult();
    }

    /**
     * The JPQL count above as a locking read (MariaDB, MySQL): shared locks on the rows it counts, until the transaction
     * ends; rows locked by another transaction are skipped (see {@code LastAdminGuard}'s class comment).
     */
    private long countOtherEnabledMembersLocking(Set<String> groupIds, Set<String> leavingUserIds) {
        String memberships = JpaUtils.getTableNameForNativeQuery("USER_GROUP_MEMBERSHIP", em);
        String users = JpaUtils.getTableNameForNativeQuery("USER_ENTITY", em);
        // Same meaning, each server's syntax: MariaDB (10.6+) has no FOR SHARE, MySQL (8.0+) no SKIP LOCKED after LOCK
        // IN SHARE MODE.
        String sharedSkipLocked =
                DatabaseDialect.isMariaDb(em) ? "LOCK IN SHARE MODE SKIP LOCKED" : "FOR SHARE SKIP LOCKED";
        @SuppressWarnings("unchecked")
        List<Object> userIds = em.createNativeQuery(
                        "SELECT m.USER_ID FROM " + memberships + " m JOIN " + users + " u ON u.ID = m.USER_ID"
                                + " WHERE m.GROUP_ID IN (:groupIds) AND m.USER_ID NOT IN (:userIds) AND u.ENABLED = TRUE "
                                + sharedSkipLocked)
                .setParameter("groupIds", groupIds)
                .setParameter("userIds", leavingUserIds)
                .getResultList();
        return userIds.stream().distinct().count();
    }

    @Override
    public List<String> enabledMembers(Set<String> groupIds) {
        return em.createQuery(
                        "select m.user.id from UserGroupMembershipEntity m where m.groupId in :groupIds"
                                + " and m.user.enabled = true",
                        String.class)
                .setParameter("groupIds", groupIds)
                .getResultList();
    }

    @Override
    public List<Member> members(String groupId) {
        return em.createQuery(
                        "select m.user.id, m.user.enabled from UserGroupMembershipEntity m where m.groupId = :groupId",
                        Object[].class)
                .setParameter("groupId", groupId)
                .getResultStream()
                .map(row -> new Member((String) row[0], Boolean.TRUE.equals(row[1])))
                .toList();
    }

    @Override
    public List<Member> users(Collection<String> userIds) {
        return em.createQuery("select u.id, u.enabled from UserEntity u where u.id in :ids", Object[].class)
                .setParameter("ids", userIds)
                .getResultStream()
                .map(row -> new Member((String) row[0], Boolean.TRUE.equals(row[1])))
                .toList();
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> groupsMappedToRoles(Set<String> roleIds) {
        return em.createNativeQuery(
                        "SELECT DISTINCT GROUP_ID FROM " + JpaUtils.getTableNameForNativeQuery("GROUP_ROLE_MAPPING", em)
                                + " WHERE ROLE_ID IN (:roleIds)")
                .setParameter("roleIds", roleIds)
                .getResultList();
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> userIds(String realmId, UserSelection selection) {
        UserSelectionSql users = new UserSelectionSql(em, selection);
        Query query = em.createNativeQuery("SELECT u.ID FROM " + JpaUtils.getTableNameForNativeQuery("USER_ENTITY", em)
                        + " u WHERE u.REALM_ID = :realmId AND " + users.condition("u.ID") + " ORDER BY u.ID")
                .setParameter("realmId", realmId);
        return users.bind(query).getResultList();
    }

    @Override
    public long joinMissing(String realmId, String groupId, UserIdRange range) {
        em.flush();
        String groupMembershipTable = JpaUtils.getTableNameForNativeQuery("USER_GROUP_MEMBERSHIP", em);
        String select = "SELECT DISTINCT m.GROUP_ID, m.USER_ID, 'UNMANAGED' FROM "
                + JpaUtils.getTableNameForNativeQuery("GA_MEMBERSHIP", em)
                + " m WHERE m.REALM_ID = :realmId AND m.GROUP_ID = :groupId AND m.USER_ID NOT LIKE 'f:%'"
                + UserSelectionSql.range(range, "m.USER_ID");
        String sql = "INSERT INTO " + groupMembershipTable + " (GROUP_ID, USER_ID, MEMBERSHIP_TYPE) " + select
                + (DatabaseDialect.isPostgres(em)
                        ? " ON CONFLICT DO NOTHING"
                        : " AND NOT EXISTS (SELECT 1 FROM " + groupMembershipTable
                                + " g WHERE g.GROUP_ID = m.GROUP_ID AND g.USER_ID = m.USER_ID)");
        Query query = em.createNativeQuery(sql).setParameter("realmId", realmId).setParameter("groupId", groupId);
        UserSelectionSql.bindRange(query, range);
        return query.executeUpdate();
    }

    @Override
    public int leaveGroupsHeldOnlyBy(String realmId, String source) {
        String memberships = JpaUtils.getTableNameForNativeQuery("GA_MEMBERSHIP", em);
        // No alias on the table deleted from: MariaDB (before 11.6) has no DELETE FROM t alias.
        String ugm = JpaUtils.getTableNameForNativeQuery("USER_GROUP_MEMBERSHIP", em);
        return em.createNativeQuery("DELETE FROM " + ugm
                        + " WHERE EXISTS (SELECT 1 FROM " + memberships
                        + " m WHERE m.REALM_ID = :realmId AND m.SOURCE = :source"
                        + " AND m.GROUP_ID = " + ugm + ".GROUP_ID AND m.USER_ID = " + ugm + ".USER_ID)"
                        + " AND NOT EXISTS (SELECT 1 FROM " + memberships + " o WHERE o.GROUP_ID = " + ugm
                        + ".GROUP_ID AND o.USER_ID = "
                        + ugm + ".USER_ID AND o.SOURCE <> :source)")
                .setParameter("realmId", realmId)
                .setParameter("source", source)
                .executeUpdate();
    }

    @Override
    public java.util.List<Object[]> groupMembersByUsername(String groupId, int first, int max) {
        return em.createQuery(
                        "select m.user.id, m.user.username from UserGroupMembershipEntity m"
                                + " where m.groupId = :groupId order by m.user.username",
                        Object[].class)
                .setParameter("groupId", groupId)
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultList();
    }

    @Override
    public long groupMemberCount(String groupId) {
        return em.createQuery("select count(m) from UserGroupMembershipEntity m where m.groupId = :groupId", Long.class)
                .setParameter("groupId", groupId)
                .getSingleResult();
    }

    @Override
    public java.util.Set<String> directRoleIds(String userId, java.util.Set<String> roleIds) {
        // "in ()" is not valid SQL: an id that no role can have stands in for "no roles"
        return new java.util.HashSet<>(em.createQuery(
                        "select m.roleId from UserRoleMappingEntity m where m.user.id = :userId"
                                + " and m.roleId in :roleIds",
                        String.class)
                .setParameter("userId", userId)
                .setParameter("roleIds", roleIds.isEmpty() ? java.util.Set.of("-") : roleIds)
                .getResultList());
    }

    @Override
    public java.util.List<String> directRoleHolders(String roleId, String fromExclusive, String toInclusive) {
        return em.createQuery(
                        "select m.user.id from UserRoleMappingEntity m where m.roleId = :roleId"
                                + " and m.user.id > :rangeFrom and m.user.id <= :rangeTo order by m.user.id",
                        String.class)
                .setParameter("roleId", roleId)
                .setParameter("rangeFrom", fromExclusive)
                .setParameter("rangeTo", toInclusive)
                .getResultList();
    }

    @Override
    public java.util.List<org.keycloak.models.jpa.entities.UserRoleMappingEntity> lockDirectRoleMappings(
            String roleId, java.util.List<String> userIds) {
        return em.createQuery(
                        "select m from UserRoleMappingEntity m where m.roleId = :roleId" + " and m.user.id in :userIds",
                        org.keycloak.models.jpa.entities.UserRoleMappingEntity.class)
                .setParameter("roleId", roleId)
                .setParameter("userIds", userIds)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    @Override
    public boolean stillMapped(org.keycloak.models.jpa.entities.UserRoleMappingEntity mapping) {
        return em.contains(mapping);
    }

    @Override
    public long directRoleMappingCount(String roleId) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM "
                                + org.keycloak.connections.jpa.util.JpaUtils.getTableNameForNativeQuery(
                                        "USER_ROLE_MAPPING", em)
                                + " WHERE ROLE_ID = :roleId")
                        .setParameter("roleId", roleId)
                        .getSingleResult())
                .longValue();
    }
}
