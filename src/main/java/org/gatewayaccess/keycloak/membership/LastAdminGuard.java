package org.gatewayaccess.keycloak.membership;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.gatewayaccess.keycloak.storage.GaRealmStateEntity;

/**
 * "Never zero admins", race-safe: every writer that may remove a member of the admins
 * group first takes a row lock on the realm's GA_REALM_STATE row (SELECT ... FOR UPDATE),
 * then counts the members that would remain. Two concurrent removals therefore run one
 * after the other, and the second one counts with the first one committed.
 */
final class LastAdminGuard {

    private LastAdminGuard() {
    }

    /** Refuses if, once {@code leavingUserId} is out, the admins group would have no member left. */
    static void requireAnotherAdmin(EntityManager em, String realmId, String adminsGroupId, String leavingUserId) {
        em.find(GaRealmStateEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        Long others = em.createQuery("select count(m) from UserGroupMembershipEntity m where m.groupId = :groupId"
                + " and m.user.id <> :userId", Long.class)
            .setParameter("groupId", adminsGroupId).setParameter("userId", leavingUserId)
            .getSingleResult();
        if (others == 0) {
            throw new LastAdminException("This is the gateway's last admin: add another member to the admins group first.");
        }
    }
}
