/**
 * The bodies of the REST API as records: what a request sends and what a response answers, one record per schema of
 * {@code docs/openapi.yaml}, with its name where Java allows one ({@link org.gatewayaccess.keycloak.representation.ErrorBody}
 * is its {@code Error}, {@code GatewayGroup} its {@code Group}, {@code GroupMember} its {@code Member},
 * {@code PoolRequest} its {@code PoolInput}, {@code RegisteredResource} its {@code Resource}, {@code AuthZen.X} its
 * {@code AuthZenX}, {@code AuthZen.Evaluation} both its {@code AuthZenEvaluationRequest} and its
 * {@code AuthZenEvaluationItem}, {@code AuthZen.Options} the inline {@code options} of its
 * {@code AuthZenEvaluationsRequest}). Jackson writes them (record components in declaration order, which is the
 * order the contract documents); annotations only say what the names and the records cannot: a wire name that is not a
 * Java name ({@code next_token}), and which {@code null}s are written ({@code ALWAYS}, the default of a body that had a
 * field for every value) and which are left out ({@code NON_NULL}).
 *
 * <p>The package is at the bottom of the layers (with {@code model} and {@code json}), not inside {@code rest}: the
 * domain writes some of the same bodies into the admin events of its automatic changes ({@code pool/DeclaredPools}
 * records a {@link org.gatewayaccess.keycloak.representation.Pool}), as Keycloak's own representations live in
 * {@code keycloak-core}, below its services.
 *
 * <p>Nothing here reads a request: every request body is read strictly into its record here by {@code rest/RequestBodies}
 * (the AuthZEN ones by {@code rest/AuthZenBodies}), with {@code json/Json} (no coercion, unknown and duplicate fields
 * refused, the contract's error bodies); the resources work from the records. The records depend on nothing but
 * Jackson, so that the integration tests' typed client ({@code support/GatewayAccessClient}) uses the very same records
 * without loading Keycloak.
 *
 * <p>An admin event records a body through {@code json/Json.asMap}, not as the record: Keycloak's mapper leaves a map's
 * {@code null}s out, and admin events recorded the maps these records replaced.
 */
package org.gatewayaccess.keycloak.representation;
