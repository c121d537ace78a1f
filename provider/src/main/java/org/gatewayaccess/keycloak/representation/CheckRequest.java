package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code POST /check}'s body, and one item of {@code POST /check/batch}. The server reads it strictly
 * ({@code rest/RequestBodies}), each field checked in the order of the components (the order of its refusals).
 *
 * @param userId the user asked about; absent: the caller
 * @param permission {@code view}, {@code edit} or {@code manage}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckRequest(String userId, String resourceType, String resourceId, String permission) {}
