package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A pool as {@code GET /pools} shows it, and as the admin events of its changes record it. {@code description} and
 * {@code identityProvider} are written as {@code null} when the pool has none.
 *
 * @param source who owns the pool: {@code api} or {@code declared}
 * @param createdAt ISO-8601 instant
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Pool(
        String id, String name, String description, String identityProvider, String source, String createdAt) {}
