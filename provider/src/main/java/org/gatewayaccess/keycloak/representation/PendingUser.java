package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One user of {@code GET /users/pending}, awaiting activation.
 *
 * @param email written as {@code null} when the user has none
 * @param identityProvider the provider the user registered through, or {@code null}
 * @param createdAt ISO-8601 instant
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PendingUser(String userId, String username, String email, String identityProvider, String createdAt) {}
