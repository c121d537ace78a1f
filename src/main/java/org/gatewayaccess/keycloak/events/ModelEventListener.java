package org.gatewayaccess.keycloak.events;

import org.gatewayaccess.keycloak.pool.DeclaredPools;
import org.gatewayaccess.keycloak.pool.PoolGrantService;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.FederatedIdentityModel.FederatedIdentityCreatedEvent;
import org.keycloak.models.FederatedIdentityModel.FederatedIdentityRemovedEvent;
import org.keycloak.models.GroupModel.GroupRemovedEvent;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmModel.IdentityProviderRemovedEvent;
import org.keycloak.models.RealmModel.RealmPostCreateEvent;
import org.keycloak.models.RealmModel.RealmRemovedEvent;
import org.keycloak.models.UserModel.UserRemovedEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Model-level hooks. They run inside the transaction of whatever changed the model —
 * a brokered login, the account console, the admin API, a realm import — so the
 * extension's rows commit or roll back together with Keycloak's own change.
 */
public final class ModelEventListener implements ProviderEventListener {

    private static final Logger LOG = Logger.getLogger(ModelEventListener.class);

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof FederatedIdentityCreatedEvent e) {
            linked(e);
        } else if (event instanceof FederatedIdentityRemovedEvent e) {
            new PoolGrantService(e.getKeycloakSession())
                .userUnlinked(e.getRealm(), e.getUser().getId(), e.getFederatedIdentity().getIdentityProvider());
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

    private static void linked(FederatedIdentityCreatedEvent e) {
        RealmModel realm = e.getRealm();
        String alias = e.getFederatedIdentity().getIdentityProvider();
        // A failure here must not fail the user's login or link. Grants that could not be
        // written are recomputed by POST /sync (see README).
        try {
            new PoolGrantService(e.getKeycloakSession()).userLinked(realm, e.getUser().getId(), alias);
        } catch (RuntimeException ex) {
            LOG.warnf(ex, "Could not grant pool access for user %s linked to %s in realm %s",
                e.getUser().getId(), alias, realm.getName());
        }
    }

    private static void realmCreated(RealmPostCreateEvent e) {
        if (!Config.getAdminRealm().equals(e.getCreatedRealm().getName())) {
            new GatewayRealmSetup(e.getKeycloakSession()).ensure(e.getCreatedRealm());
            new DeclaredPools(e.getKeycloakSession()).createMissing(e.getCreatedRealm());
        }
    }
}
