package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.Response;

/** Answers paths under the base that no endpoint serves with the contract's JSON 404 instead of Keycloak's default body. */
public final class NotFoundResource {

    private final Endpoint endpoint;

    NotFoundResource(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @GET
    public Response get() {
        return notFound();
    }

    @POST
    public Response post() {
        return notFound();
    }

    @PUT
    public Response put() {
        return notFound();
    }

    @DELETE
    public Response delete() {
        return notFound();
    }

    @PATCH
    public Response patch() {
        return notFound();
    }

    @HEAD
    public Response head() {
        return notFound();
    }

    @OPTIONS
    public Response options() {
        return notFound();
    }

    private Response notFound() {
        return endpoint.error(404, "not_found", "No Gateway Access endpoint at this path.");
    }
}
