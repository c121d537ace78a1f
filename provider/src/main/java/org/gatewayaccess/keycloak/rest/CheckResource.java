package org.gatewayaccess.keycloak.rest;

import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.authz.AccessDecisions;
import org.gatewayaccess.keycloak.authz.Check;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.representation.CheckAnswer;
import org.gatewayaccess.keycloak.representation.CheckBatchAnswer;
import org.gatewayaccess.keycloak.representation.CheckRequest;

/**
 * {@code POST /check} and {@code POST /check/batch}: "may user U do P on resource R?".
 * A user may ask about itself; read-only admins, gateway admins, Keycloak admins and access
 * checkers may ask about anyone. An unknown, disabled or pending user is allowed nothing.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class CheckResource {

    /** Built once: the writers are thread-safe and bound to their type, so a request pays no serializer lookup. */
    private static final ObjectWriter ANSWER = Json.writerFor(CheckAnswer.class);

    private static final ObjectWriter BATCH_ANSWER = Json.writerFor(CheckBatchAnswer.class);

    private final Endpoint endpoint;

    CheckResource(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @POST
    public Response check(String body) {
        long start = System.nanoTime();
        Response response = endpoint.query(caller -> {
            Check check = question(RequestBodies.check(body));
            return Endpoint.json(200, ANSWER, CheckAnswer.of(answer(caller, check, decisions())));
        });
        endpoint.node().checkRequestTimers().record("check", System.nanoTime() - start);
        return response;
    }

    /**
     * Up to {@link RequestBodies#MAX_BATCH} checks, answered in order; one invalid or forbidden check refuses the whole
     * batch. Every check is read before any is authorized.
     */
    @POST
    @Path("batch")
    public Response batch(String body) {
        long start = System.nanoTime();
        Response response = endpoint.query(caller -> {
            List<CheckRequest> requests = RequestBodies.checkBatch(body).checks();
            List<Check> checks = new ArrayList<>(requests.size());
            for (CheckRequest request : requests) {
                Check check = question(request);
                authorize(caller, check);
                checks.add(check);
            }
            AccessDecisions decisions = decisions();
            List<CheckAnswer> results = new ArrayList<>(checks.size());
            for (Check check : checks) {
                results.add(CheckAnswer.of(answer(caller, check, decisions)));
            }
            return Endpoint.json(200, BATCH_ANSWER, new CheckBatchAnswer(results));
        });
        endpoint.node().checkRequestTimers().record("batch", System.nanoTime() - start);
        return response;
    }

    @Path("{unknown: .+}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }

    private boolean answer(Caller caller, Check check, AccessDecisions decisions) {
        String userId = authorize(caller, check);
        return decisions.allowed(userId, check.resourceType(), check.resourceId(), check.permission());
    }

    /** The user the check is about, once the caller is known to be allowed to ask (AuthZEN asks the same: {@link AuthZenResource}). */
    static String authorize(Caller caller, Check check) {
        if (check.userId() == null) {
            if (!caller.ownRealm()) {
                throw GatewayAccessException.badRequest(
                        "missing_field", "Field 'userId' is required when the caller is not a user of this realm.");
            }
            return caller.userId();
        }
        if (!check.userId().equals(caller.userId()) && !caller.canCheckOthers()) {
            throw GatewayAccessException.forbidden(
                    "Only admins, read-only admins and access checkers may check another user's access.");
        }
        return check.userId();
    }

    /** The question of a check read strictly: its permission is one of the three. */
    private static Check question(CheckRequest request) {
        return new Check(
                request.userId(),
                request.resourceType(),
                request.resourceId(),
                Permission.fromWire(request.permission()).orElseThrow());
    }

    private AccessDecisions decisions() {
        return new AccessDecisions(endpoint.session(), endpoint.realm());
    }
}
