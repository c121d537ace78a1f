package org.gatewayaccess.keycloak.rest;

import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The contract's discovery rules for pools and resources: who lists and reads everything,
 * and who sees only what it holds {@code view} on. One rule serves both the list and the
 * single read, so a single read is refused (403) exactly when the item would have been
 * filtered out of the caller's list.
 */
public final class Discovery {

    private final KeycloakSession session;

    private Discovery(KeycloakSession session) {
        this.session = session;
    }

    public static Discovery of(KeycloakSession session) {
        return new Discovery(session);
    }

    /**
     * Everything, for: admins, read-only admins and Keycloak admins (always), access checkers
     * (the contract lets them read pools and resources), everyone while
     * {@code poolsDiscoverable} is true, and members of the discovery group (or its subgroups).
     */
    public boolean seesEverything(RealmModel realm, GatewayConfig config, Caller caller) {
        if (caller.canReadAdministration() || caller.checker() || config.poolsDiscoverable()) {
            return true;
        }
        if (config.discoveryGroupId() == null || !caller.ownRealm()) {
            return false;
        }
        GroupModel group = session.groups().getGroupById(realm, config.discoveryGroupId());
        return group != null && caller.user().isMemberOf(group);
    }
}
