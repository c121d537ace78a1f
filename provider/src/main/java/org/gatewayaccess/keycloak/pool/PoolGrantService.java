package org.gatewayaccess.keycloak.pool;

import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The set-based write of link-derived pool grants: every user linked to provider P gets
 * {@code view} on a pool tied to P, with source {@code identity-provider:P} (only rows of
 * that source are written here). Removing stale rows is {@code sync.LinkGrantSync}'s part;
 * the per-user side is {@link LinkGrantReconciler}.
 */
public final class PoolGrantService {

    public static final String POOL = "pool";

    private final KeycloakSession session;

    public PoolGrantService(KeycloakSession session) {
        this.session = session;
    }

    /**
     * Grants {@code view} on the pool to every user linked to {@code alias}, in one
     * INSERT ... SELECT over Keycloak's link tables (FEDERATED_IDENTITY and, for users of
     * federation without import, BROKER_LINK: see FederatedLinks; no row is loaded into
     * memory), skipping rows that exist ({@code GrantRows.addForLinkedUsers}, which says how per database).
     */
    public int providerAttached(RealmModel realm, String poolId, String alias) {
        GatewayAccessCaches.of(session).invalidate(realm.getId());
        return GatewayAccessStore.of(session)
                .grants()
                .addForLinkedUsers(
                        realm.getId(),
                        POOL,
                        poolId,
                        Permission.VIEW.wireName(),
                        GrantSource.identityProvider(alias),
                        alias,
                        System.currentTimeMillis());
    }
}
