package org.gatewayaccess.keycloak.storage;

/**
 * The queries the extension runs on Keycloak's own tables, where Keycloak's model has no call that does the same in
 * bounded time or under a lock (federated links in bulk, role holders, row locks, the database's dialect). Writes to
 * Keycloak's tables go through Keycloak's model, except what this interface says otherwise.
 */
public interface KeycloakTables {
}
