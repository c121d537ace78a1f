package org.gatewayaccess.keycloak.events;

import org.gatewayaccess.keycloak.pool.DeclaredPools;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.keycloak.Config;
import org.keycloak.models.FederatedIdentityModel.FederatedIdentityCreatedEvent;
import org.keycloak.models.FederatedIdentityModel.FederatedIdentityRemovedEvent;
import org.keycloak.models.GroupModel.GroupRemovedEvent;
import org.keycloak.models.RealmModel.IdentityProviderRemovedEvent;
import org.keycloak.models.RealmModel.RealmPostCreateEvent;
import org.keycloak.models.RealmModel.RealmRemovedEvent;
import org.keycloak.models.UserModel.UserRemovedEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Model-level hooks, called inside the transaction of whatever changed the model — a
 * brokered login, the account console, the admin API, a realm import. Deletions are
 * cleaned up in that same transaction (they commit or roll back together with Keycloak's
 * own change); link and unlink grant work runs after the commit ({@link LinkChanges}) so
 * that it can never fail a login.
 */
public final class ModelEventListener implements ProviderEventListener {


    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof FederatedIdentityCreatedEvent e) {
            LinkChanges.afterCommit(e.getKeycloakSession(), e.getRealm(), e.getUser().getId(), e.getFederatedIdentity().getIdentityProvider());
        } else if (event instanceof FederatedIdentityRemovedEvent e) {
            LinkChanges.afterCommit(e.getKeycloakSession(), e.getRealm(), e.getUser().getId(), e.getFederatedIdentity().getIdentityProvider());
        } else if (event instanceof UserRemovedEvent e) {
            new DeletionCleanup(e.getKeycloakSession()).userRemoved(e.getRealm().getId(), e.getUser().getId());
        } else if (event instanceof GroupRemovedEvent e) {
            new DeletionCleanup(e.getKeycloakSession()).groupRemoved(e.getRealm().getId(), e.getGroup().getId());
        } else if (event instanceof IdentityProviderRemovedEvent e) {
            new DeletionCleanup(e.getKeycloakSession())
                .identityProviderRemoved(e.getRealm().getId(), e.getRemovedIdentityProvider().getAlias());
        } else if (event instanceof RealmRemovedEvent e) {
            new DeletionCleanup(e.getKeycloakSession()).realmRemoved(e.getRealm().getId());
        } else if (event instanceof RealmPostCreateEvent e) {
            realmCreated(e);
        }
    }

    private static void realmCreated(RealmPostCreateEvent e) {
        if (!Config.getAdminRealm().equals(e.getCreatedRealm().getName())) {
            new GatewayRealmSetup(e.getKeycloakSession()).ensure(e.getCreatedRealm());
            new DeclaredPools(e.getKeycloakSession()).createMissing(e.getCreatedRealm());
        }
    }
}
