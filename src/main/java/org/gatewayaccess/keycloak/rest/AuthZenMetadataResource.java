package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

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
            .path("realms").path(endpoint.realm().getName()).path("gateway-access").build().toString();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("policy_decision_point", pdp);
        json.put("access_evaluation_endpoint", pdp + "/access/v1/evaluation");
        json.put("access_evaluations_endpoint", pdp + "/access/v1/evaluations");
        json.put("search_subject_endpoint", pdp + "/access/v1/search/subject");
        json.put("search_resource_endpoint", pdp + "/access/v1/search/resource");
        json.put("search_action_endpoint", pdp + "/access/v1/search/action");
        return Response.ok(org.gatewayaccess.keycloak.json.Json.write(json), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @Path("{unknown: .+}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }
}
