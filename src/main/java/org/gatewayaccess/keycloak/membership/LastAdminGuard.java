package org.gatewayaccess.keycloak.membership;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.gatewayaccess.keycloak.audit.LastAdminRefusals;
import org.gatewayaccess.keycloak.storage.GaRealmStateEntity;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * "Never zero admins", race-safe: every writer that may take an enabled member out of
 * the admins group (remove, demote, disable, delete) first takes a row lock on the
 * realm's GA_REALM_STATE row (SELECT ... FOR UPDATE), then counts the enabled members
 * that would remain. Concurrent removals therefore run one after the other, and under
 * READ COMMITTED the second one counts with the first one committed. Counting without
 * the lock is not enough: two removals could each see the other admin still there.
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
        Long others = em.createQuery("select count(m) from UserGroupMembershipEntity m where m.groupId = :groupId"
                + " and m.user.id <> :userId and m.user.enabled = true", Long.class)
            .setParameter("groupId", adminsGroupId).setParameter("userId", leavingUserId)
            .getSingleResult();
        if (others == 0) {
            LastAdminRefusals.record(session, realm, adminsGroupId, leavingUserId, attempt);
            throw new LastAdminException("This is the gateway's last enabled admin: make another user an admin first.");
        }
    }

    /** Whether the user is, right now in the database, a member of the admins group. */
    public static boolean isAdmin(EntityManager em, String adminsGroupId, String userId) {
        return em.createQuery("select count(m) from UserGroupMembershipEntity m where m.groupId = :groupId and m.user.id = :userId",
                Long.class)
            .setParameter("groupId", adminsGroupId).setParameter("userId", userId).getSingleResult() > 0;
    }
}
