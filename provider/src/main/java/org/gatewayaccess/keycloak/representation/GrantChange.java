package org.gatewayaccess.keycloak.representation;

/** The admin event of a grant an admin added (a pool's viewer, a resource's grant). */
public record GrantChange(String principal, String permission, String source) {}
