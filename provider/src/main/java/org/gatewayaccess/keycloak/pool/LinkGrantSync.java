package org.gatewayaccess.keycloak.pool;

import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.GrantRows;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Recomputes the link-derived grants of one pool from Keycloak's links (both of its link
 * tables: see {@code storage.jpa.FederatedLinks}), set-based (one statement each way, no rows loaded
 * into memory: {@link GrantRows}): adds {@code view} for linked users who lack it, removes every
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
    private final GrantRows grants;
    private final PoolGrantService poolGrants;

    public LinkGrantSync(KeycloakSession session) {
        this.session = session;
        this.grants = GatewayAccessStore.of(session).grants();
        this.poolGrants = new PoolGrantService(session);
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
            added = grants.countLinkedUsersWithoutView(
                    realm.getId(), PoolGrantService.POOL, poolId, GrantSource.identityProvider(alias), alias);
        } else {
            added = poolGrants.providerAttached(realm, poolId, alias);
        }
        return new Counts(added, removed);
    }

    /** Every {@code identity-provider:*} source on the pool that is no longer true. */
    private long stale(RealmModel realm, String poolId, String alias, boolean dryRun) {
        return grants.staleLinkSources(
                realm.getId(),
                PoolGrantService.POOL,
                poolId,
                LINK_SOURCES,
                alias == null ? null : GrantSource.identityProvider(alias),
                alias,
                !dryRun);
    }

    /** Link-derived grants on pools that no longer exist. */
    public long orphans(RealmModel realm, boolean dryRun) {
        if (!dryRun) {
            GatewayAccessCaches.of(session).invalidate(realm.getId());
        }
        return grants.onPoolsGone(realm.getId(), PoolGrantService.POOL, LINK_SOURCES, !dryRun);
    }
}
