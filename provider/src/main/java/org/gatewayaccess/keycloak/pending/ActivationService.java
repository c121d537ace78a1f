package org.gatewayaccess.keycloak.pending;

import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.gatewayrole.GatewayRoleService;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Activates a pending user with a gateway role, in one transaction: the pending marker
 * and required action go, the role is assigned ({@link GatewayRoleService}), and the
 * user is e-mailed after the commit.
 */
public final class ActivationService {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final GatewayGroups groups;

    public ActivationService(KeycloakSession session, RealmModel realm, GatewayGroups groups) {
        this.session = session;
        this.realm = realm;
        this.groups = groups;
    }

    /** 400 unknown role, 409 {@code not_pending}, 403 promotion refused; else activated. */
    public void activate(
            UserModel user, String roleName, boolean callerIsKeycloakAdmin, String grantedBy, EventActor actor) {
        GatewayRoleService roles = new GatewayRoleService(session, realm, groups);
        roles.requireGatewayRole(roleName);
        if (!new PendingUsers(session).release(realm, user)) {
            throw GatewayAccessException.conflict(
                    "not_pending", "User " + user.getId() + " is not awaiting activation.");
        }
        roles.assign(user, roleName, callerIsKeycloakAdmin, grantedBy, actor);
        ActivationEmail.of(session).afterCommit(realm, user, roleName);
    }
}
