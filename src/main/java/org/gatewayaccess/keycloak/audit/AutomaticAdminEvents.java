package org.gatewayaccess.keycloak.audit;

import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.util.Map;

/**
 * Admin events for changes nobody made through the API call itself: grants that follow
 * identity-provider links, one by one or pool-wide, and gateway group memberships by any path. Keycloak's builder wants an authenticated admin, which a
 * brokered login does not have, so the event starts from prepared auth details
 * (the {@link EventActor}) instead.
 */
public final class AutomaticAdminEvents {

    public static final String POOL_VIEWER = "GATEWAY_ACCESS_POOL_VIEWER";
    public static final String GROUP_MEMBER = "GATEWAY_ACCESS_GROUP_MEMBER";
    public static final String LAST_ADMIN = "GATEWAY_ACCESS_LAST_ADMIN";

    private AutomaticAdminEvents() {
    }

    public static void poolViewer(KeycloakSession session, RealmModel realm, EventActor actor, String poolId, String userId,
                                  String source, boolean added) {
        builder(session, realm, actor)
            .operation(added ? OperationType.CREATE : OperationType.DELETE)
            .resource(POOL_VIEWER)
            .resourcePath("gateway-access", "pools", poolId, "viewers", userId)
            .representation(Map.of("principal", "user:" + userId, "permission", "view", "source", source))
            .success();
    }

    /** One event for a set-based change of a pool's link-derived viewers (pool created, provider changed, sync). */
    public static void poolViewersReconciled(KeycloakSession session, RealmModel realm, EventActor actor, String poolId,
                                             String identityProvider, long added, long removed) {
        builder(session, realm, actor)
            .operation(OperationType.ACTION)
            .resource(POOL_VIEWER)
            .resourcePath("gateway-access", "pools", poolId, "viewers")
            .representation(Map.of("identityProvider", String.valueOf(identityProvider), "permission", "view",
                "added", added, "removed", removed))
            .success();
    }

    /** One membership source added or removed, by whatever path (API, role change, link, admin console, sync). */
    public static void membership(KeycloakSession session, RealmModel realm, EventActor actor, String groupId, String userId,
                                  String source, boolean added) {
        builder(session, realm, actor)
            .operation(added ? OperationType.CREATE : OperationType.DELETE)
            .resource(GROUP_MEMBER)
            .resourcePath("gateway-access", "groups", groupId, "members", userId)
            .representation(Map.of("userId", userId, "groupId", groupId, "source", source))
            .success();
    }

    /** One event for a set-based change of a group's members of one source (seeding, sync, migration). */
    public static void membershipsReconciled(KeycloakSession session, RealmModel realm, EventActor actor, String groupId,
                                             String source, long added, long removed) {
        builder(session, realm, actor)
            .operation(OperationType.ACTION)
            .resource(GROUP_MEMBER)
            .resourcePath("gateway-access", "groups", groupId, "members")
            .representation(Map.of("groupId", groupId, "source", source, "added", added, "removed", removed))
            .success();
    }

    /** A change refused because it would have left the gateway without an enabled admin. */
    public static void lastAdminRefused(KeycloakSession session, RealmModel realm, EventActor actor, String adminsGroupId,
                                        String userId, String attempt) {
        builder(session, realm, actor)
            .operation(OperationType.ACTION)
            .resource(LAST_ADMIN)
            .resourcePath("gateway-access", "groups", adminsGroupId, "members", userId)
            .representation(Map.of("refused", true, "userId", userId, "attempt", attempt))
            .success();
    }

    private static AdminEventBuilder builder(KeycloakSession session, RealmModel realm, EventActor actor) {
        AdminEvent prepared = new AdminEvent();
        prepared.setRealmId(realm.getId());
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(actor.realmId());
        auth.setUserId(actor.userId());
        auth.setClientId(actor.clientId());
        auth.setIpAddress(actor.ipAddress());
        prepared.setAuthDetails(auth);
        return new Builder(realm, session, actor.ipAddress(), prepared);
    }

    /** Keycloak's builder, started from a prepared event rather than from an admin's authentication. */
    private static final class Builder extends AdminEventBuilder {
        Builder(RealmModel realm, KeycloakSession session, String ipAddress, AdminEvent prepared) {
            super(realm, null, session, ipAddress, prepared);
        }
    }
}
