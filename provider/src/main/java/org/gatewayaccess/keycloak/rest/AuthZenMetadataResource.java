package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.gatewayaccess.keycloak.representation.AuthZen;

/**
 * {@code /.well-known/authzen-configuration}: the AuthZEN 1.0 metadata of this realm's policy decision point. Public, as
 * discovery documents are (Keycloak's own {@code openid-configuration} too): it names endpoints, no user or grant, and
 * reading it writes nothing (not even the realm's first set-up). URLs are built from the request's base URL, as Keycloak
 * builds its own discovery document, so they follow the configured host name.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class AuthZenMetadataResource {

    private final Endpoint endpoint;

    AuthZenMetadataResource(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @GET
    @Path("authzen-configuration")
    public Response configuration() {
        String pdp = UriBuilder.fromUri(endpoint.session().getContext().getUri().getBaseUri())
                .path("realms")
                .path(endpoint.realm().getName())
                .path("gateway-access")
                .build()
                .toString();
        AuthZen.Metadata metadata = new AuthZen.Metadata(
                pdp,
                pdp + "/access/v1/evaluation",
                pdp + "/access/v1/evaluations",
                pdp + "/access/v1/search/subject",
                pdp + "/access/v1/search/resource",
                pdp + "/access/v1/search/action");
        return Response.ok(org.gatewayaccess.keycloak.json.Json.write(metadata), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @Path("{unknown: .+}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }
}
