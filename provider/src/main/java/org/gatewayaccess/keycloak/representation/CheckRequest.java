package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code POST /check}'s body, and one item of {@code POST /check/batch}. The server reads it strictly into
 * {@code authz/Check}, validating each field as it reads it (the order of its errors is part of the contract).
 *
 * @param userId the user asked about; absent: the caller
 * @param permission {@code view}, {@code edit} or {@code manage}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckRequest(String userId, String resourceType, String resourceId, String permission) {}
