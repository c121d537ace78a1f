package org.gatewayaccess.keycloak.membership;

import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.DatabaseDialect;
import jakarta.persistence.Query;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.util.JpaUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.cache.UserCache;

import java.util.List;

/**
 * Set-based membership writes for seeding, sync and migration: one INSERT ... SELECT per
 * (group, source) instead of one model call per user, which is what lets 100,000 users
 * be migrated in seconds. Keycloak's own USER_GROUP_MEMBERSHIP rows are written the same
 * way, so no GroupMemberJoinEvent fires for them; callers evict the realm's users from
 * Keycloak's cache afterwards ({@link #evictUsers}). Removals are not done here: they go
 * user by user through {@link MembershipService}, which applies the last-admin guard.
 * On PostgreSQL, existing rows are skipped with ON CONFLICT DO NOTHING (an anti-join was
 * planned as a nested loop on freshly loaded tables); elsewhere with NOT EXISTS.
 */
public final class MembershipBulk {

    /** Optional user-id range (from exclusive, to inclusive) for paged work. */
    public record Range(String fromExclusive, String toInclusive) {
    }

    private final KeycloakSession session;
    private final EntityManager em;
    private final String membershipTable;
    private final String userTable;
    private final String groupMembershipTable;
    private final boolean postgres;

    public MembershipBulk(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.membershipTable = JpaUtils.getTableNameForNativeQuery("GA_MEMBERSHIP", em);
        this.userTable = JpaUtils.getTableNameForNativeQuery("USER_ENTITY", em);
        this.groupMembershipTable = JpaUtils.getTableNameForNativeQuery("USER_GROUP_MEMBERSHIP", em);
        this.postgres = DatabaseDialect.isPostgres(em);
    }

    /** Gives {@code source} in the group to every user of {@code users} who lacks it; a dry run only counts. */
    public long addSources(String realmId, String groupId, String source, String grantedBy, UserSet users, Range range, boolean dryRun) {
        em.flush();
        String from = " FROM " + userTable + " u WHERE u.REALM_ID = :realmId AND " + users.condition("u.ID") + range(range, "u.ID");
        String missing = " AND NOT EXISTS (SELECT 1 FROM " + membershipTable + " m WHERE m.GROUP_ID = :groupId"
            + " AND m.USER_ID = u.ID AND m.SOURCE = :source)";
        Query query;
        if (dryRun) {
            query = em.createNativeQuery("SELECT COUNT(*)" + from + missing);
        } else {
            query = em.createNativeQuery("INSERT INTO " + membershipTable
                + " (GROUP_ID, USER_ID, SOURCE, REALM_ID, GRANTED_BY, GRANTED_AT) SELECT :groupId, u.ID, :source, u.REALM_ID, "
                + (grantedBy == null ? "NULL" : ":grantedBy") + ", :now" + from + (postgres ? " ON CONFLICT DO NOTHING" : missing));
            query.setParameter("now", System.currentTimeMillis());
            if (grantedBy != null) {
                query.setParameter("grantedBy", grantedBy);
            }
        }
        query.setParameter("realmId", realmId).setParameter("groupId", groupId).setParameter("source", source);
        bindRange(query, range);
        users.bind(query);
        return dryRun ? ((Number) query.getSingleResult()).longValue() : query.executeUpdate();
    }

    /** Up to {@code limit} users {@link #addSources} would add, as (user id, username), for a dry run's list. */
    @SuppressWarnings("unchecked")
    public List<Object[]> sampleMissing(String realmId, String groupId, String source, UserSet users, int limit) {
        Query query = em.createNativeQuery("SELECT u.ID, u.USERNAME FROM " + userTable + " u WHERE u.REALM_ID = :realmId AND "
                + users.condition("u.ID") + " AND NOT EXISTS (SELECT 1 FROM " + membershipTable + " m WHERE m.GROUP_ID = :groupId"
                + " AND m.USER_ID = u.ID AND m.SOURCE = :source) ORDER BY u.USERNAME")
            .setParameter("realmId", realmId).setParameter("groupId", groupId).setParameter("source", source)
            .setMaxResults(limit);
        return users.bind(query).getResultList();
    }

    /** Ids, in order, of the users of {@code users} (for paging big runs). */
    @SuppressWarnings("unchecked")
    public List<String> userIds(String realmId, UserSet users) {
        Query query = em.createNativeQuery("SELECT u.ID FROM " + userTable + " u WHERE u.REALM_ID = :realmId AND "
            + users.condition("u.ID") + " ORDER BY u.ID").setParameter("realmId", realmId);
        return users.bind(query).getResultList();
    }

    /**
     * Keycloak group memberships for every source row in the group that has none yet. Users of user federation
     * without import ({@code f:} ids, see StorageId) are left out: USER_GROUP_MEMBERSHIP refers to USER_ENTITY, where
     * they have no row; their memberships live in Keycloak's federated storage and are written through the model
     * ({@link MembershipService}) when their source is.
     */
    public long joinMissing(String realmId, String groupId, Range range) {
        em.flush();
        String select = "SELECT DISTINCT m.GROUP_ID, m.USER_ID, 'UNMANAGED' FROM " + membershipTable + " m"
            + " WHERE m.REALM_ID = :realmId AND m.GROUP_ID = :groupId AND m.USER_ID NOT LIKE 'f:%'" + range(range, "m.USER_ID");
        String sql = "INSERT INTO " + groupMembershipTable + " (GROUP_ID, USER_ID, MEMBERSHIP_TYPE) " + select
            + (postgres ? " ON CONFLICT DO NOTHING" : " AND NOT EXISTS (SELECT 1 FROM " + groupMembershipTable
                + " g WHERE g.GROUP_ID = m.GROUP_ID AND g.USER_ID = m.USER_ID)");
        Query query = em.createNativeQuery(sql).setParameter("realmId", realmId).setParameter("groupId", groupId);
        bindRange(query, range);
        return query.executeUpdate();
    }

    /** Gives {@code source} to members of the group who have no source at all (members from before the extension). */
    public long adoptMembers(String realmId, String groupId, String source) {
        em.flush();
        return em.createNativeQuery("INSERT INTO " + membershipTable
                + " (GROUP_ID, USER_ID, SOURCE, REALM_ID, GRANTED_BY, GRANTED_AT) SELECT g.GROUP_ID, g.USER_ID, :source, :realmId, NULL, :now"
                + " FROM " + groupMembershipTable + " g WHERE g.GROUP_ID = :groupId AND NOT EXISTS (SELECT 1 FROM " + membershipTable
                + " m WHERE m.GROUP_ID = g.GROUP_ID AND m.USER_ID = g.USER_ID)")
            .setParameter("source", source).setParameter("realmId", realmId).setParameter("now", System.currentTimeMillis())
            .setParameter("groupId", groupId)
            .executeUpdate();
    }

    /** Users holding {@code source} in the group who are no longer in {@code users}. */
    @SuppressWarnings("unchecked")
    public List<String> staleHolders(String groupId, String source, UserSet users) {
        em.flush();
        Query query = em.createNativeQuery("SELECT m.USER_ID FROM " + membershipTable + " m WHERE m.GROUP_ID = :groupId"
                + " AND m.SOURCE = :source AND NOT " + users.condition("m.USER_ID") + " ORDER BY m.USER_ID")
            .setParameter("groupId", groupId).setParameter("source", source);
        return users.bind(query).getResultList();
    }

    /**
     * (group id, user id, source) rows of the realm whose source is derived ({@code role:*},
     * {@code identity-provider:*}) but not written by any current mapping: the mapping was
     * removed or changed. {@code current} holds "groupId\0source" pairs.
     */
    @SuppressWarnings("unchecked")
    public List<Object[]> unmappedDerived(String realmId, java.util.Collection<String[]> current) {
        em.flush();
        StringBuilder sql = new StringBuilder("SELECT m.GROUP_ID, m.USER_ID, m.SOURCE FROM ").append(membershipTable)
            .append(" m WHERE m.REALM_ID = :realmId AND (m.SOURCE LIKE 'role:%' OR m.SOURCE LIKE 'identity-provider:%')");
        int i = 0;
        for (String[] ignored : current) {
            sql.append(" AND NOT (m.GROUP_ID = :g").append(i).append(" AND m.SOURCE = :s").append(i).append(')');
            i++;
        }
        Query query = em.createNativeQuery(sql.toString()).setParameter("realmId", realmId).setMaxResults(10_000);
        i = 0;
        for (String[] pair : current) {
            query.setParameter("g" + i, pair[0]).setParameter("s" + i, pair[1]);
            i++;
        }
        return query.getResultList();
    }

    /** Keycloak caches users with their groups: after set-based writes, the realm's cached users must go (cluster-wide). */
    public void evictUsers(RealmModel realm) {
        GatewayAccessCaches.of(session).invalidate(realm.getId());
        UserCache cache = session.getProvider(UserCache.class);
        if (cache != null) {
            cache.evict(realm);
        }
    }

    private static String range(Range range, String column) {
        return range == null ? "" : " AND " + column + " > :rangeFrom AND " + column + " <= :rangeTo";
    }

    private static void bindRange(Query query, Range range) {
        if (range != null) {
            query.setParameter("rangeFrom", range.fromExclusive()).setParameter("rangeTo", range.toInclusive());
        }
    }
}
