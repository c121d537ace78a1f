package org.gatewayaccess.keycloak.representation;

/**
 * {@code PUT /resources/{type}/{id}/grants}'s body. The server reads it strictly, the principal looked up before the
 * permission is read (the order of its errors is part of the contract).
 *
 * @param principal {@code user:<id>} or {@code group:<id>}
 * @param permission {@code view}, {@code edit} or {@code manage}
 */
public record GrantRequest(String principal, String permission) {}
