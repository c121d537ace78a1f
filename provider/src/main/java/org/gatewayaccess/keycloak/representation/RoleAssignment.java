package org.gatewayaccess.keycloak.representation;

/**
 * {@code PUT /users/{userId}/gateway-role} and {@code POST /users/{userId}/activate}: the gateway role to give (read
 * strictly by {@code rest/RequestBodies}; whether it is a gateway role is the service's to say).
 */
public record RoleAssignment(String role) {}
