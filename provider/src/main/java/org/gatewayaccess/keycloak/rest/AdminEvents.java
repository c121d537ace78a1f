package org.gatewayaccess.keycloak.rest;

import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.json.Json;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Every mutation through the API is a Keycloak admin event (resource type
 * {@code GATEWAY_ACCESS_<KIND>}, path {@code gateway-access/...}), stored when the realm
 * stores admin events and passed to every admin event listener.
 */
final class AdminEvents {

    static final String POOL = "GATEWAY_ACCESS_POOL";
    static final String POOL_VIEWER = "GATEWAY_ACCESS_POOL_VIEWER";
    static final String SYNC = "GATEWAY_ACCESS_SYNC";
    static final String CONFIG = "GATEWAY_ACCESS_CONFIG";
    static final String MIGRATION = "GATEWAY_ACCESS_MIGRATION";
    static final String GATEWAY_ROLE = "GATEWAY_ACCESS_GATEWAY_ROLE";
    static final String PENDING_USER = "GATEWAY_ACCESS_PENDING_USER";
    static final String RESOURCE = "GATEWAY_ACCESS_RESOURCE";
    static final String RESOURCE_GRANT = "GATEWAY_ACCESS_RESOURCE_GRANT";

    private final KeycloakSession session;

    private AdminEvents(KeycloakSession session) {
        this.session = session;
    }

    /** The admin events of this session's request, sent with its transaction. */
    static AdminEvents of(KeycloakSession session) {
        return new AdminEvents(session);
    }

    void record(
            RealmModel realm,
            Caller caller,
            OperationType operation,
            String resourceType,
            Object representation,
            String... path) {
        String[] fullPath = new String[path.length + 1];
        fullPath[0] = "gateway-access";
        System.arraycopy(path, 0, fullPath, 1, path.length);
        AdminEventBuilder event = new AdminEventBuilder(
                        realm, caller.adminAuth(), session, session.getContext().getConnection())
                .operation(operation)
                .resource(resourceType)
                .resourcePath(fullPath);
        if (representation != null) {
            event.representation(
                    Json.asMap(representation)); // Keycloak's mapper leaves the nulls out, as it always did
        }
        event.success();
    }
}
