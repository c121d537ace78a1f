package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code POST /pools} and {@code PUT /pools/{id}}: the three fields a client writes (a PUT replaces all three; absent
 * or {@code null} description or provider means none). The server reads it strictly ({@code rest/RequestBodies}, by
 * {@code pool/PoolInput}'s rule, which the declared pools and the admin console's pool form share), also
 * accepting a {@link Pool} as {@code GET} answered it, so that it can be put back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolRequest(String name, String description, String identityProvider) {}
