package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The admin event of a changed gateway role ({@code previousRole} written as {@code null} when there was none). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GatewayRoleChange(String userId, String role, String previousRole) {}
