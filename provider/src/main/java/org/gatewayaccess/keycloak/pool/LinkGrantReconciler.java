package org.gatewayaccess.keycloak.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.storage.GaGrantEntity;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Makes one user's grants of source {@code identity-provider:<alias>} match what is true
 * now: linked → {@code view} on every pool tied to the provider; not linked (or gone) →
 * none. Because it reads the current state instead of replaying an event, it is safe to
 * run late, twice, or out of order — which is what lets link and unlink work run after
 * the login's commit and be retried when it fails.
 */
public final class LinkGrantReconciler {

    /** One grant written or removed. */
    public record Change(String poolId, boolean added) {}

    private final KeycloakSession session;
    private final GatewayAccessStore store;

    public LinkGrantReconciler(KeycloakSession session) {
        this.session = session;
        this.store = GatewayAccessStore.of(session);
    }

    /**
     * @param linked whether the user is linked to the provider now, read by the caller from the database while
     *               holding the user's row lock (see {@link org.gatewayaccess.keycloak.storage.KeycloakTables#isLinked})
     */
    public List<Change> reconcile(RealmModel realm, String userId, String alias, boolean linked) {
        String source = GrantSource.identityProvider(alias);
        Set<String> wanted = linked
                ? store.pools().byIdentityProvider(realm.getId(), alias).stream()
                        .map(GaPoolEntity::getId)
                        .collect(Collectors.toSet())
                : Set.of();
        List<GaGrantEntity> held =
                store.grants().forPrincipalAndSource(realm.getId(), Principal.Type.USER.wireName(), userId, source);

        List<Change> changes = new ArrayList<>();
        Set<String> have = held.stream().map(GaGrantEntity::getResourceId).collect(Collectors.toSet());
        for (GaGrantEntity grant : held) {
            // tolerates a row gone already: a sync or a pool re-tied to another provider removes stale rows
            // set-based, without this user's lock (GrantRows.deleteIfPresent)
            if (!wanted.contains(grant.getResourceId()) && store.grants().deleteIfPresent(grant)) {
                changes.add(new Change(grant.getResourceId(), false));
            }
        }
        long now = System.currentTimeMillis();
        List<GaGrantEntity> added = new ArrayList<>();
        for (String poolId : wanted) {
            if (!have.contains(poolId)) {
                GaGrantEntity grant = new GaGrantEntity();
                grant.setRealmId(realm.getId());
                grant.setResourceType(PoolGrantService.POOL);
                grant.setResourceId(poolId);
                grant.setPrincipalType(Principal.Type.USER.wireName());
                grant.setPrincipalId(userId);
                grant.setPermission(Permission.VIEW.wireName());
                grant.setSource(source);
                grant.setGrantedAt(now);
                added.add(grant);
                changes.add(new Change(poolId, true));
            }
        }
        store.grants().addAllAndFlush(added);
        if (!changes.isEmpty()) {
            GatewayAccessCaches.of(session).invalidate(realm.getId());
        }
        return changes;
    }
}
