package org.gatewayaccess.keycloak.events;

import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.gatewayaccess.keycloak.grant.GrantStore;
import org.gatewayaccess.keycloak.membership.MembershipBulk;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Removes the extension's rows when what they refer to goes away. Keycloak deletes a
 * user's links, and a provider's links, in bulk without per-link events, so these
 * handlers remove by user, by group, by source and by realm rather than waiting for
 * unlink events that never come.
 */
final class DeletionCleanup {

    private final KeycloakSession session;
    private final GatewayAccessStore store;
    private final GrantStore grants;

    DeletionCleanup(KeycloakSession session) {
        this.session = session;
        this.store = GatewayAccessStore.of(session);
        this.grants = new GrantStore(session);
    }

    void userRemoved(String realmId, String userId) {
        grants.removeForPrincipal(realmId, Principal.user(userId));
        store.memberships().deleteOfUser(realmId, userId);
        store.pendingUsers().deleteOfUser(realmId, userId);
    }

    void groupRemoved(String realmId, String groupId) {
        grants.removeForPrincipal(realmId, Principal.group(groupId));
        store.memberships().deleteOfGroup(realmId, groupId);
    }

    /**
     * Grants and memberships from the provider go — and with them the Keycloak group
     * memberships that source alone kept — pools tied to it are kept but no longer tied to
     * any provider.
     */
    void identityProviderRemoved(RealmModel realm, String alias) {
        String realmId = realm.getId();
        String source = GrantSource.identityProvider(alias);
        grants.removeForSource(realmId, source);
        int left = store.keycloak().leaveGroupsHeldOnlyBy(realmId, source);
        store.memberships().deleteOfSource(realmId, source);
        if (left > 0) {
            new MembershipBulk(session).evictUsers(realm);
        }
        store.pools().detachIdentityProvider(realmId, alias);
    }

    /** The foreign keys to REALM cascade too; deleting first keeps H2 and PostgreSQL from depending on cascade order. */
    void realmRemoved(String realmId) {
        GatewayAccessCaches.of(session).invalidate(realmId);
        store.grants().deleteRealm(realmId);
        store.memberships().deleteRealm(realmId);
        store.pendingUsers().deleteRealm(realmId);
        store.resources().deleteRealm(realmId);
        store.jobs().deleteRealm(realmId);
        store.pools().deleteRealm(realmId);
        store.realmStates().deleteRealm(realmId);
    }
}
