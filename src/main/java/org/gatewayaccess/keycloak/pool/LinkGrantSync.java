package org.gatewayaccess.keycloak.pool;

import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.pool.PoolGrantService;
import org.gatewayaccess.keycloak.storage.FederatedLinks;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.util.JpaUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Recomputes the link-derived grants of one pool from Keycloak's links (both of its link
 * tables: see {@link FederatedLinks}), set-based (one statement each way, no rows loaded
 * into memory): adds {@code view} for linked users who lack it, removes every
 * {@code identity-provider:*} source that is no longer true.
 * Sources other than {@code identity-provider:*} are never read or written.
 */
public final class LinkGrantSync {

    /** What one step of a sync needs, or got: sources added, removed, and kept by the last-admin guard. */
    public record Counts(long added, long removed, long kept) {
        public Counts(long added, long removed) {
            this(added, removed, 0);
        }
    }

    private static final String LINK_SOURCES = GrantSource.identityProvider("") + "%";

    private final KeycloakSession session;
    private final EntityManager em;
    private final PoolGrantService poolGrants;
    private final String grantTable;
    private final String poolTable;

    public LinkGrantSync(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.poolGrants = new PoolGrantService(session);
        this.grantTable = JpaUtils.getTableNameForNativeQuery("GA_GRANT", em);
        this.poolTable = JpaUtils.getTableNameForNativeQuery("GA_POOL", em);
    }

    Counts pool(RealmModel realm, String poolId, String alias, boolean dryRun) {
        // Stale rows first: for a new pool, or one whose provider just changed, the rows of the
        // current source are then not yet there to be checked against the links.
        long removed = stale(realm, poolId, alias, dryRun);
        if (!dryRun) {
            GatewayAccessCaches.of(session).invalidate(realm.getId());
        }
        long added;
        if (alias == null) {
            added = 0;
        } else if (dryRun) {
            added = count(em.createNativeQuery("SELECT COUNT(*) FROM (" + FederatedLinks.linksSql(em, "USER_ID", "realmId", "alias")
                    + ") f WHERE f.USER_ID NOT IN (SELECT g.PRINCIPAL_ID FROM " + grantTable + " g"
                    + " WHERE g.REALM_ID = :realmId AND g.RESOURCE_TYPE = :type AND g.RESOURCE_ID = :poolId"
                    + " AND g.PRINCIPAL_TYPE = :user AND g.PERMISSION = 'view' AND g.SOURCE = :source)")
                .setParameter("realmId", realm.getId()).setParameter("alias", alias).setParameter("type", PoolGrantService.POOL)
                .setParameter("poolId", poolId).setParameter("user", Principal.Type.USER.wireName())
                .setParameter("source", GrantSource.identityProvider(alias)));
        } else {
            added = poolGrants.providerAttached(realm, poolId, alias);
        }
        return new Counts(added, removed);
    }

    /** Every {@code identity-provider:*} source on the pool that is no longer true. */
    private long stale(RealmModel realm, String poolId, String alias, boolean dryRun) {
        // No alias on the table a DELETE shares this clause with: MariaDB (before 11.6) has no DELETE FROM t alias.
        String g = grantTable;
        String stale = " FROM " + grantTable + " WHERE " + g + ".REALM_ID = :realmId AND " + g + ".RESOURCE_TYPE = :type"
            + " AND " + g + ".RESOURCE_ID = :poolId AND " + g + ".SOURCE LIKE :linkSources"
            // NOT IN (uncorrelated) rather than a correlated NOT EXISTS: right after a bulk load the tables have no
            // statistics yet, and PostgreSQL then planned the correlated form as a nested loop — quadratic at 100k rows.
            + (alias == null ? "" : " AND (" + g + ".SOURCE <> :source OR " + g + ".PRINCIPAL_TYPE <> :user OR " + g
                + ".PRINCIPAL_ID NOT IN (" + FederatedLinks.linksSql(em, "USER_ID", "realmId", "alias") + "))");
        Query q = em.createNativeQuery(dryRun ? "SELECT COUNT(*)" + stale : "DELETE" + stale)
            .setParameter("realmId", realm.getId()).setParameter("type", PoolGrantService.POOL)
            .setParameter("poolId", poolId).setParameter("linkSources", LINK_SOURCES);
        if (alias != null) {
            q.setParameter("source", GrantSource.identityProvider(alias)).setParameter("user", Principal.Type.USER.wireName())
                .setParameter("alias", alias);
        }
        return dryRun ? count(q) : q.executeUpdate();
    }

    /** Link-derived grants on pools that no longer exist. */
    public long orphans(RealmModel realm, boolean dryRun) {
        if (!dryRun) {
            GatewayAccessCaches.of(session).invalidate(realm.getId());
        }
        String g = grantTable; // no alias: see stale()
        String where = " FROM " + grantTable + " WHERE " + g + ".REALM_ID = :realmId AND " + g + ".RESOURCE_TYPE = :type"
            + " AND " + g + ".SOURCE LIKE :linkSources AND NOT EXISTS (SELECT 1 FROM " + poolTable + " p WHERE p.ID = " + g + ".RESOURCE_ID)";
        Query q = em.createNativeQuery(dryRun ? "SELECT COUNT(*)" + where : "DELETE" + where)
            .setParameter("realmId", realm.getId()).setParameter("type", PoolGrantService.POOL).setParameter("linkSources", LINK_SOURCES);
        return dryRun ? count(q) : q.executeUpdate();
    }

    private static long count(Query query) {
        return ((Number) query.getSingleResult()).longValue();
    }
}
