package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One source that keeps a grant or a membership: {@code sources[]} of a grant holder, a group member and
 * {@code GET /me}'s groups.
 *
 * @param source {@code admin}, {@code link:<provider>}, {@code role:<role>}, …
 * @param grantedBy who wrote it; written as {@code null} when unknown
 * @param grantedAt ISO-8601 instant
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Source(String source, String grantedBy, String grantedAt) {}
