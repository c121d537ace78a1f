package org.gatewayaccess.keycloak.events;

import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.gatewayaccess.keycloak.membership.LastAdminException;
import org.gatewayaccess.keycloak.membership.MembershipEventHandler;
import org.gatewayaccess.keycloak.pending.PendingUsers;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Keycloak's user and admin events, for what no model event reports. Both arrive inside
 * the request's transaction:
 * <ul>
 * <li>{@code REGISTER} (self-registration, brokered first login): the new user may be
 * pending approval;</li>
 * <li>an admin-API user update that disabled the user: Keycloak publishes no model event
 * for it, and swallows exceptions thrown by event listeners, so the last-admin check runs
 * in a transaction enlisted to prepare before the commit, whose refusal Keycloak's
 * update endpoint passes on as the response;</li>
 * <li>admin events of changes to who holds a role that fire no per-user model event (a group's or a
 * composite's roles, a role, client or group deleted, a partial import): the role-derived memberships
 * follow in the same request ({@link LiveRoleSources});</li>
 * <li>admin events of a realm update, a partial import or a new identity provider: the realm's declared configuration
 * and pools are applied ({@link RealmDeclarations}).</li>
 * </ul>
 */
final class UserEventListener implements EventListenerProvider {

    private final KeycloakSession session;

    UserEventListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() != EventType.REGISTER || event.getUserId() == null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user != null) {
            String identityProvider =
                    event.getDetails() == null ? null : event.getDetails().get(Details.IDENTITY_PROVIDER);
            new PendingUsers(session).userRegistered(realm, user, identityProvider);
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (new RealmDeclarations(session).onAdminEvent(event)) {
            return;
        }
        if (RoleHoldingChanges.changesRoleHolding(event)) {
            LiveRoleSources.of(session)
                    .follow(event.getRealmId(), event.getOperationType() + " " + event.getResourcePath());
            return;
        }
        if (event.getResourceType() != ResourceType.USER
                || event.getOperationType() != OperationType.UPDATE
                || event.getResourcePath() == null
                || !event.getResourcePath().matches("users/[^/]+")) {
            return;
        }
        String realmId = event.getRealmId();
        String userId = event.getResourcePath().substring("users/".length());
        GatewayAccessCaches.of(session).invalidate(realmId); // a disabled user holds nothing
        session.getTransactionManager().enlistPrepare(new DisableCheck(realmId, userId));
    }

    @Override
    public void close() {}

    private final class DisableCheck implements KeycloakTransaction {
        private final String realmId;
        private final String userId;

        DisableCheck(String realmId, String userId) {
            this.realmId = realmId;
            this.userId = userId;
        }

        @Override
        public void begin() {}

        @Override
        public void commit() {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                return;
            }
            try {
                MembershipEventHandler.of(session).userUpdated(realm, userId, () -> wasEnabled(realmId, userId));
            } catch (LastAdminException e) {
                throw KeycloakRefusal.lastAdmin(e);
            }
        }

        /** The committed state, read in a session of its own (this one already holds the update). */
        private boolean wasEnabled(String realmId, String userId) {
            return RealmTransactions.runWithResult(session.getKeycloakSessionFactory(), realmId, s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                if (realm == null) {
                    return false;
                }
                UserModel user = s.users().getUserById(realm, userId);
                return user != null && user.isEnabled();
            });
        }

        @Override
        public void rollback() {}

        @Override
        public void setRollbackOnly() {}

        @Override
        public boolean getRollbackOnly() {
            return false;
        }

        @Override
        public boolean isActive() {
            return true;
        }
    }
}
