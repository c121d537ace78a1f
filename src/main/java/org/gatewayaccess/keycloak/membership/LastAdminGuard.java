package org.gatewayaccess.keycloak.membership;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.gatewayaccess.keycloak.audit.LastAdminRefusals;
import org.gatewayaccess.keycloak.storage.DatabaseDialect;
import org.gatewayaccess.keycloak.storage.GaRealmStateEntity;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.util.JpaUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * "Never zero admins", race-safe: every writer that may take an enabled member out of
 * the admins group (remove, demote, disable, delete) first takes a row lock on the
 * realm's GA_REALM_STATE row (SELECT ... FOR UPDATE), then counts the enabled members
 * that would remain. Concurrent removals therefore run one after the other, and the second
 * one counts with the first one committed. Counting without the lock is not enough: two
 * removals could each see the other admin still there.
 * <p>
 * That count must see what committed while we waited for the lock. Under READ COMMITTED
 * (PostgreSQL, H2) a plain SELECT does. Under MariaDB's and MySQL's default REPEATABLE READ
 * a plain SELECT reads the transaction's snapshot, which may be older than the lock; there
 * the count is a locking read, which InnoDB answers from the latest committed rows whatever
 * the isolation level. It skips the rows another transaction has locked (SKIP LOCKED): a
 * concurrent removal has already deleted its own membership row when it waits here for the
 * realm lock, so waiting for that row would deadlock. A skipped row is one being changed
 * right now and is not counted: the guard may then refuse where PostgreSQL would have let the
 * change through (try again), but it never lets the last admin go.
 */
public final class LastAdminGuard {

    private LastAdminGuard() {
    }

    /** Serialises the realm's admin removals; held until the transaction ends. */
    public static void lock(EntityManager em, String realmId) {
        em.find(GaRealmStateEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Refuses ({@link LastAdminException}, recorded as an admin event) if, once
     * {@code leavingUserId} is out of the admins group or disabled, no other enabled
     * member would be left. {@code attempt} says what was refused, for that event.
     */
    public static void requireAnotherAdmin(KeycloakSession session, RealmModel realm, String adminsGroupId, String leavingUserId,
                                           String attempt) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        lock(em, realm.getId());
        long others = DatabaseDialect.isMySqlFamily(em) ? countOtherEnabledMembersLocking(em, adminsGroupId, leavingUserId)
            : em.createQuery("select count(m) from UserGroupMembershipEntity m where m.groupId = :groupId"
                    + " and m.user.id <> :userId and m.user.enabled = true", Long.class)
                .setParameter("groupId", adminsGroupId).setParameter("userId", leavingUserId)
                .getSingleResult();
        if (others == 0) {
            LastAdminRefusals.record(session, realm, adminsGroupId, leavingUserId, attempt);
            throw new LastAdminException("This is the gateway's last enabled admin: make another user an admin first.");
        }
    }

    /**
     * The JPQL count above as a locking read (MariaDB, MySQL): shared locks on the rows it counts, until the transaction
     * ends; rows locked by another transaction are skipped (see the class comment).
     */
    private static long countOtherEnabledMembersLocking(EntityManager em, String groupId, String leavingUserId) {
        String memberships = JpaUtils.getTableNameForNativeQuery("USER_GROUP_MEMBERSHIP", em);
        String users = JpaUtils.getTableNameForNativeQuery("USER_ENTITY", em);
        // Same meaning, each server's syntax: MariaDB (10.6+) has no FOR SHARE, MySQL (8.0+) no SKIP LOCKED after LOCK IN SHARE MODE.
        String sharedSkipLocked = DatabaseDialect.isMariaDb(em) ? "LOCK IN SHARE MODE SKIP LOCKED" : "FOR SHARE SKIP LOCKED";
        Object count = em.createNativeQuery("SELECT COUNT(*) FROM " + memberships + " m JOIN " + users + " u ON u.ID = m.USER_ID"
                + " WHERE m.GROUP_ID = :groupId AND m.USER_ID <> :userId AND u.ENABLED = TRUE " + sharedSkipLocked)
            .setParameter("groupId", groupId).setParameter("userId", leavingUserId)
            .getSingleResult();
        return ((Number) count).longValue();
    }

    /** Whether the user is, right now in the database, a member of the admins group. */
    public static boolean isAdmin(EntityManager em, String adminsGroupId, String userId) {
        return em.createQuery("select count(m) from UserGroupMembershipEntity m where m.groupId = :groupId and m.user.id = :userId",
                Long.class)
            .setParameter("groupId", adminsGroupId).setParameter("userId", userId).getSingleResult() > 0;
    }
}
