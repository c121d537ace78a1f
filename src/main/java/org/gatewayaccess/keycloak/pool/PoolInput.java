package org.gatewayaccess.keycloak.pool;

/** A pool as a client writes it (POST and PUT replace all three fields; null description or provider means none). */
public record PoolInput(String name, String description, String identityProvider) {
}
