package org.gatewayaccess.keycloak.representation;

/** {@code PUT /users/{userId}/gateway-role} and {@code POST /users/{userId}/activate}: the gateway role to give. */
public record RoleAssignment(String role) {}
