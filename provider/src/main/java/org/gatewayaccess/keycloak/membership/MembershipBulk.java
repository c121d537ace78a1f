package org.gatewayaccess.keycloak.membership;

import java.util.Collection;
import java.util.List;
import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.KeycloakTables;
import org.gatewayaccess.keycloak.storage.MembershipRows;
import org.gatewayaccess.keycloak.storage.UserIdRange;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.cache.UserCache;

/**
 * Set-based membership writes for seeding, sync and migration: one INSERT ... SELECT per
 * (group, source) instead of one model call per user, which is what lets 100,000 users
 * be migrated in seconds (the statements are the store's: {@link MembershipRows}, {@link KeycloakTables}).
 * Keycloak's own USER_GROUP_MEMBERSHIP rows are written the same
 * way, so no GroupMemberJoinEvent fires for them; callers evict the realm's users from
 * Keycloak's cache afterwards ({@link #evictUsers}). Removals are not done here: they go
 * user by user through {@link MembershipService}, which applies the last-admin guard.
 */
public final class MembershipBulk {

    /** Optional user-id range (from exclusive, to inclusive) for paged work. */
    public record Range(String fromExclusive, String toInclusive) {}

    private final KeycloakSession session;
    private final MembershipRows rows;
    private final KeycloakTables keycloak;

    public MembershipBulk(KeycloakSession session) {
        this.session = session;
        GatewayAccessStore store = GatewayAccessStore.of(session);
        this.rows = store.memberships();
        this.keycloak = store.keycloak();
    }

    /** Gives {@code source} in the group to every user of {@code users} who lacks it; a dry run only counts. */
    public long addSources(
            String realmId,
            String groupId,
            String source,
            String grantedBy,
            UserSet users,
            Range range,
            boolean dryRun) {
        return rows.addSources(realmId, groupId, source, grantedBy, users.selection(), ids(range), dryRun);
    }

    /** Up to {@code limit} users {@link #addSources} would add, for a dry run's list. */
    public List<MembershipRows.MissingUser> sampleMissing(
            String realmId, String groupId, String source, UserSet users, int limit) {
        return rows.sampleMissing(realmId, groupId, source, users.selection(), limit);
    }

    /** Ids, in order, of the users of {@code users} (for paging big runs). */
    public List<String> userIds(String realmId, UserSet users) {
        return keycloak.userIds(realmId, users.selection());
    }

    /**
     * Keycloak group memberships for every source row in the group that has none yet. Users of user federation
     * without import ({@code f:} ids, see StorageId) are left out: USER_GROUP_MEMBERSHIP refers to USER_ENTITY, where
     * they have no row; their memberships live in Keycloak's federated storage and are written through the model
     * ({@link MembershipService}) when their source is.
     */
    public long joinMissing(String realmId, String groupId, Range range) {
        return keycloak.joinMissing(realmId, groupId, ids(range));
    }

    /** Gives {@code source} to members of the group who have no source at all (members from before the extension). */
    public long adoptMembers(String realmId, String groupId, String source) {
        return rows.adoptMembers(realmId, groupId, source);
    }

    /** Users holding {@code source} in the group who are no longer in {@code users}. */
    public List<String> staleHolders(String groupId, String source, UserSet users) {
        return rows.staleHolders(groupId, source, users.selection());
    }

    /**
     * Rows of the realm whose source is derived ({@code role:*}, {@code identity-provider:*}) but not written by any
     * current mapping: the mapping was removed or changed. {@code current} holds "groupId, source" pairs.
     */
    public List<MembershipRows.Held> unmappedDerived(String realmId, Collection<String[]> current) {
        return rows.unmappedDerived(realmId, current);
    }

    /** Keycloak caches users with their groups: after set-based writes, the realm's cached users must go (cluster-wide). */
    public void evictUsers(RealmModel realm) {
        GatewayAccessCaches.of(session).invalidate(realm.getId());
        UserCache cache = session.getProvider(UserCache.class);
        if (cache != null) {
            cache.evict(realm);
        }
    }

    private static UserIdRange ids(Range range) {
        return range == null ? null : new UserIdRange(range.fromExclusive(), range.toInclusive());
    }
}
