package org.gatewayaccess.keycloak.events;

import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.util.Map;

/**
 * Admin events for changes nobody made through the API: grants that follow an
 * identity-provider link. Keycloak's builder wants an authenticated admin, which a
 * brokered login does not have, so the event starts from prepared auth details
 * (the {@link EventActor}) instead.
 */
final class AutomaticAdminEvents {

    static final String POOL_VIEWER = "GATEWAY_ACCESS_POOL_VIEWER";

    private AutomaticAdminEvents() {
    }

    static void poolViewer(KeycloakSession session, RealmModel realm, EventActor actor, String poolId, String userId,
                           String source, boolean added) {
        AdminEvent prepared = new AdminEvent();
        prepared.setRealmId(realm.getId());
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(actor.realmId());
        auth.setUserId(actor.userId());
        auth.setClientId(actor.clientId());
        auth.setIpAddress(actor.ipAddress());
        prepared.setAuthDetails(auth);
        new Builder(realm, session, actor.ipAddress(), prepared)
            .operation(added ? OperationType.CREATE : OperationType.DELETE)
            .resource(POOL_VIEWER)
            .resourcePath("gateway-access", "pools", poolId, "viewers", userId)
            .representation(Map.of("principal", "user:" + userId, "permission", "view", "source", source))
            .success();
    }

    /** Keycloak's builder, started from a prepared event rather than from an admin's authentication. */
    private static final class Builder extends AdminEventBuilder {
        Builder(RealmModel realm, KeycloakSession session, String ipAddress, AdminEvent prepared) {
            super(realm, null, session, ipAddress, prepared);
        }
    }
}
