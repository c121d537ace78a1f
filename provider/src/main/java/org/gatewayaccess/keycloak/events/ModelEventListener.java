package org.gatewayaccess.keycloak.events;

import java.util.List;
import org.gatewayaccess.keycloak.adminconsole.ConfigTabMirror;
import org.gatewayaccess.keycloak.adminconsole.PoolsPageMirror;
import org.gatewayaccess.keycloak.auth.AdminClientScope;
import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.membership.LastAdminException;
import org.gatewayaccess.keycloak.membership.MembershipEventHandler;
import org.gatewayaccess.keycloak.pool.DeclaredPools;
import org.gatewayaccess.keycloak.pool.LinkChanges;
import org.gatewayaccess.keycloak.pool.PoolChangedEvent;
import org.gatewayaccess.keycloak.pool.PoolService;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.gatewayaccess.keycloak.setup.RealmSetup;
import org.gatewayaccess.keycloak.sync.JobRunner;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.FederatedIdentityModel.FederatedIdentityCreatedEvent;
import org.keycloak.models.FederatedIdentityModel.FederatedIdentityRemovedEvent;
import org.keycloak.models.GroupModel;
import org.keycloak.models.GroupModel.GroupMemberJoinEvent;
import org.keycloak.models.GroupModel.GroupMemberLeaveEvent;
import org.keycloak.models.GroupModel.GroupRemovedEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmModel.IdentityProviderRemovedEvent;
import org.keycloak.models.RealmModel.RealmPostCreateEvent;
import org.keycloak.models.RealmModel.RealmRemovedEvent;
import org.keycloak.models.RoleModel;
import org.keycloak.models.RoleModel.RoleGrantedEvent;
import org.keycloak.models.RoleModel.RoleRevokedEvent;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserModel.UserPreRemovedEvent;
import org.keycloak.models.UserModel.UserRemovedEvent;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Model-level hooks, called inside the transaction of whatever changed the model — a
 * brokered login, the account console, the admin API, a realm import. Deletions are
 * cleaned up in that same transaction (they commit or roll back together with Keycloak's
 * own change); link and unlink grant work runs after the commit ({@link LinkChanges}) so
 * that it can never fail a login. Role and group events keep role-derived and
 * admin-console memberships in step in the same transaction ({@link MembershipEventHandler}).
 */
public final class ModelEventListener implements ProviderEventListener {

    private static final Logger LOG = Logger.getLogger(ModelEventListener.class);

    @Override
    public void onEvent(ProviderEvent event) {
        try {
            dispatch(event);
        } catch (LastAdminException e) {
            // Keycloak's own paths (admin console, admin API) answer the contract's 409 and roll back
            throw KeycloakRefusal.lastAdmin(e);
        }
    }

    private void dispatch(ProviderEvent event) {
        forgetDecisions(event);
        if (event instanceof PoolChangedEvent e) {
            if (e.pool() == null) {
                PoolsPageMirror.of(e.session()).removed(e.realm(), e.poolId());
            } else {
                PoolsPageMirror.of(e.session()).put(e.realm(), e.pool());
            }
        } else if (event instanceof FederatedIdentityCreatedEvent e) {
            LinkChanges.of(e.getKeycloakSession())
                    .afterCommit(
                            e.getRealm(),
                            e.getUser().getId(),
                            e.getFederatedIdentity().getIdentityProvider());
        } else if (event instanceof FederatedIdentityRemovedEvent e) {
            LinkChanges.of(e.getKeycloakSession())
                    .afterCommit(
                            e.getRealm(),
                            e.getUser().getId(),
                            e.getFederatedIdentity().getIdentityProvider());
        } else if (event instanceof UserPreRemovedEvent e) {
            MembershipEventHandler.of(e.getKeycloakSession()).userRemoving(e.getRealm(), e.getUser());
        } else if (event instanceof UserRemovedEvent e) {
            new DeletionCleanup(e.getKeycloakSession())
                    .userRemoved(e.getRealm().getId(), e.getUser().getId());
        } else if (event instanceof GroupRemovedEvent e) {
            MembershipEventHandler.of(e.getKeycloakSession()).groupRemoving(e.getRealm(), e.getGroup());
            new DeletionCleanup(e.getKeycloakSession())
                    .groupRemoved(e.getRealm().getId(), e.getGroup().getId());
        } else if (event instanceof IdentityProviderRemovedEvent e) {
            new DeletionCleanup(e.getKeycloakSession())
                    .identityProviderRemoved(
                            e.getRealm(), e.getRemovedIdentityProvider().getAlias());
            PoolsPageMirror.of(e.getKeycloakSession())
                    .rebuildAfterCommit(e.getRealm()); // its pools were untied in bulk
        } else if (event instanceof RealmRemovedEvent e) {
            new DeletionCleanup(e.getKeycloakSession())
                    .realmRemoved(e.getRealm().getId());
        } else if (event instanceof RealmPostCreateEvent e) {
            realmCreated(e);
        } else if (event instanceof RoleGrantedEvent e) {
            roleChanged(e.getKeycloakSession(), e.getRole(), e.getUser());
        } else if (event instanceof RoleRevokedEvent e) {
            roleChanged(e.getKeycloakSession(), e.getRole(), e.getUser());
        } else if (event instanceof GroupMemberJoinEvent e) {
            MembershipEventHandler.of(e.getKeycloakSession()).joined(e.getRealm(), e.getGroup(), e.getUser());
        } else if (event instanceof GroupMemberLeaveEvent e) {
            MembershipEventHandler.of(e.getKeycloakSession()).left(e.getRealm(), e.getGroup(), e.getUser());
        } else if (event instanceof PostMigrationEvent e) {
            JobRunner.interruptOrphans(e.getFactory());
            setUpExistingRealms(e.getFactory());
        }
    }

    /** Cached access decisions of the realm become wrong when a user's groups, a group or a user change. */
    private static void forgetDecisions(ProviderEvent event) {
        if (event instanceof GroupMemberJoinEvent
                || event instanceof GroupMemberLeaveEvent
                || event instanceof GroupRemovedEvent
                || event instanceof GroupModel.GroupPathChangeEvent) {
            GroupModel.GroupEvent e = (GroupModel.GroupEvent) event;
            GatewayAccessCaches.of(e.getKeycloakSession())
                    .invalidate(e.getRealm().getId());
            if (!(event instanceof GroupMemberJoinEvent || event instanceof GroupMemberLeaveEvent)) {
                ConfigTabMirror.of(e.getKeycloakSession())
                        .refreshAfterCommit(e.getRealm()); // the document shows group paths
            }
        } else if (event instanceof UserRemovedEvent e) {
            GatewayAccessCaches.of(e.getKeycloakSession())
                    .invalidate(e.getRealm().getId());
        }
    }

    private static void roleChanged(KeycloakSession session, RoleModel role, UserModel user) {
        RealmModel realm = role.getContainer() instanceof RealmModel r
                ? r
                : role.getContainer() instanceof ClientModel c ? c.getRealm() : null;
        if (realm != null) {
            MembershipEventHandler.of(session).roleChanged(realm, user);
            if (rightOfCaller(role)) {
                // the callers' rights remembered with verified tokens (auth.VerifiedTokens) go with the realm's
                // generation
                GatewayAccessCaches.of(session).invalidate(realm.getId());
            }
        }
    }

    /** The checker role, or a role of realm-management (Keycloak's admin permissions): a right of an API caller. */
    private static boolean rightOfCaller(RoleModel role) {
        return role.getContainer() instanceof RealmModel
                ? GatewayRealmSetup.ROLE_CHECKER.equals(role.getName())
                : role.getContainer() instanceof ClientModel c
                        && org.keycloak.models.Constants.REALM_MANAGEMENT_CLIENT_ID.equals(c.getClientId());
    }

    /** Realms that existed before the extension was installed (or upgraded) are set up at start-up, each on its own. */
    private static void setUpExistingRealms(KeycloakSessionFactory factory) {
        List<String> realmIds = KeycloakModelUtils.runJobInTransactionWithResult(
                factory,
                s -> s.realms()
                        .getRealmsStream()
                        .filter(GatewayRealmSetup::isGateway)
                        .map(RealmModel::getId)
                        .toList());
        for (String realmId : realmIds) {
            try {
                RealmTransactions.run(factory, realmId, s -> {
                    RealmModel realm = s.getContext().getRealm();
                    if (realm != null) {
                        new RealmSetup(s).ensure(realm);
                        ConfigTabMirror.of(s).ensure(realm);
                        new DeclaredPools(s).adoptUntracked(realm);
                        PoolsPageMirror.of(s).rebuild(realm, new PoolService(s, realm).list());
                        GatewayGroups.of(s, realm)
                                .ifPresent(groups -> AdminClientScope.warnIfNotRequired(realm, groups));
                    }
                });
            } catch (RuntimeException e) {
                LOG.errorf(
                        e,
                        "Could not set up realm %s at start-up; the first API request to it will try again",
                        realmId);
            }
        }
    }

    private static void realmCreated(RealmPostCreateEvent e) {
        if (GatewayRealmSetup.isGateway(e.getCreatedRealm())) {
            // the request's realm is the master realm (or none): bind the new one, as its own requests will
            RealmTransactions.onRealm(e.getKeycloakSession(), e.getCreatedRealm(), () -> {
                new RealmSetup(e.getKeycloakSession()).ensure(e.getCreatedRealm());
                new RealmDeclarations(e.getKeycloakSession()).realmCreated(e.getCreatedRealm());
                ConfigTabMirror.of(e.getKeycloakSession()).ensure(e.getCreatedRealm());
                // an imported realm's page components are a copy of another server's pools: GA_POOL decides
                PoolsPageMirror.of(e.getKeycloakSession())
                        .rebuild(
                                e.getCreatedRealm(),
                                new PoolService(e.getKeycloakSession(), e.getCreatedRealm()).list());
                return null;
            });
        }
    }
}
