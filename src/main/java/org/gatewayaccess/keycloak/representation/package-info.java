/**
 * The bodies of the REST API as records: what a request sends and what a response answers, one record per shape, named
 * as {@code docs/openapi.yaml} names them. Jackson writes them (record components in declaration order, which is the
 * order the contract documents); annotations only say what the names and the records cannot: a wire name that is not a
 * Java name ({@code next_token}), and which {@code null}s are written ({@code ALWAYS}, the default of a body that had a
 * field for every value) and which are left out ({@code NON_NULL}).
 *
 * <p>The package is at the bottom of the layers (with {@code model} and {@code json}), not inside {@code rest}: the
 * domain writes some of the same bodies into the admin events of its automatic changes ({@code pool/DeclaredPools}
 * records a {@link org.gatewayaccess.keycloak.representation.Pool}), as Keycloak's own representations live in
 * {@code keycloak-core}, below its services.
 *
 * <p>Nothing here reads a request: requests are read strictly by the resources and {@code json/Json} (no coercion,
 * unknown and duplicate fields refused, the contract's error bodies), into these records or into the domain's own
 * ({@code authz/Check}). The records depend on nothing but Jackson's annotations, so that the integration tests' typed
 * client uses the very same records without loading Keycloak. The {@code @JsonInclude} of each record also holds when
 * Keycloak's own mapper writes it into an admin event's representation.
 */
package org.gatewayaccess.keycloak.representation;
