package org.gatewayaccess.keycloak.membership;

import java.util.LinkedHashSet;
import java.util.Set;
import org.gatewayaccess.keycloak.audit.LastAdminRefusals;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * "Never zero admins", race-safe: every writer that may take an enabled member out of
 * the admins group (or the subgroup that makes them an admin: {@link GatewayAdmins}) (remove, demote, disable, delete) first takes a row lock on the
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
 * change through (try again), but it never lets the last admin go. (The lock and the counts are the store's:
 * {@code RealmStateRows.lock}, {@code KeycloakTables.countOtherEnabledMembers}; when they are taken is decided here.)
 */
public final class LastAdminGuard {

    private final KeycloakSession session;
    private final GatewayAccessStore store;

    private LastAdminGuard(KeycloakSession session, GatewayAccessStore store) {
        this.session = session;
        this.store = store;
    }

    /** The guard of this session's transaction (the lock it takes is held until that transaction ends). */
    public static LastAdminGuard of(KeycloakSession session) {
        return new LastAdminGuard(session, GatewayAccessStore.of(session));
    }

    /** Serialises the realm's admin removals; held until the transaction ends. */
    public void lock(String realmId) {
        store.realmStates().lock(realmId);
    }

    /**
     * Refuses ({@link LastAdminException}, recorded as an admin event) if, once
     * {@code leavingUserId} is no longer a gateway admin (out of the admins group and its subgroups, or disabled),
     * no other enabled admin would be left. {@code attempt} says what was refused, for that event.
     */
    public void requireAnotherAdmin(RealmModel realm, GatewayAdmins admins, String leavingUserId, String attempt) {
        requireAdminsRemain(realm, admins, Set.of(leavingUserId), Set.of(), leavingUserId, attempt);
    }

    /**
     * The general form: refuses if no enabled admin would be left once the {@code leavingUserIds} are no longer
     * admins and the {@code leavingGroupIds} (admins groups being deleted, say) no longer count. {@code subjectUserId}
     * (may be null) is the user the refusal's admin event names.
     */
    public void requireAdminsRemain(
            RealmModel realm,
            GatewayAdmins admins,
            Set<String> leavingUserIds,
            Set<String> leavingGroupIds,
            String subjectUserId,
            String attempt) {
        lock(realm.getId());
        Set<String> groupIds = new LinkedHashSet<>(admins.groupIds());
        groupIds.removeAll(leavingGroupIds);
        Set<String> leaving = leavingUserIds.isEmpty() ? Set.of("-") : leavingUserIds;
        long others = groupIds.isEmpty() ? 0 : store.keycloak().countOtherEnabledMembers(groupIds, leaving);
        if (others == 0) {
            LastAdminRefusals.of(session).record(realm, admins.adminsGroupId(), subjectUserId, attempt);
            throw new LastAdminException("This is the gateway's last enabled admin: make another user an admin first.");
        }
    }
}
