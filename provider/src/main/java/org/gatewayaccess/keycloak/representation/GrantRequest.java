package org.gatewayaccess.keycloak.representation;

/**
 * {@code PUT /resources/{type}/{id}/grants}'s body. The server reads it strictly ({@code rest/RequestBodies}), both
 * fields' form included, and looks the principal up afterwards: a malformed body is a 400 whether or not its principal
 * exists.
 *
 * @param principal {@code user:<id>} or {@code group:<id>}
 * @param permission {@code view}, {@code edit} or {@code manage}
 */
public record GrantRequest(String principal, String permission) {}
