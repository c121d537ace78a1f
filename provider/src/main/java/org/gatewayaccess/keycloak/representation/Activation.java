package org.gatewayaccess.keycloak.representation;

/** The admin event of an activated user. */
public record Activation(String userId, String role, boolean activated) {}
