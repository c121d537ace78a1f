package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One gateway group of {@code GET /groups}.
 *
 * @param systemRole the system role the group stands for ({@code admin}, …), written as {@code null} for a mapped group
 * @param memberCount direct members
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GatewayGroup(String id, String name, String path, String systemRole, long memberCount) {}
