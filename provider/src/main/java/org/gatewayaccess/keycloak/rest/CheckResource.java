package org.gatewayaccess.keycloak.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.authz.AccessDecisions;
import org.gatewayaccess.keycloak.authz.Check;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.representation.CheckAnswer;
import org.gatewayaccess.keycloak.representation.CheckBatchAnswer;

/**
 * {@code POST /check} and {@code POST /check/batch}: "may user U do P on resource R?".
 * A user may ask about itself; read-only admins, gateway admins, Keycloak admins and access
 * checkers may ask about anyone. An unknown, disabled or pending user is allowed nothing.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class CheckResource {

    static final int MAX_BATCH = 1000;

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
            Check check = Check.fromJson(Json.object(body), "");
            return Endpoint.json(200, ANSWER, CheckAnswer.of(answer(caller, check, decisions())));
        });
        endpoint.node().checkRequestTimers().record("check", System.nanoTime() - start);
        return response;
    }

    /** Up to {@link #MAX_BATCH} checks, answered in order; one invalid or forbidden check refuses the whole batch. */
    @POST
    @Path("batch")
    public Response batch(String body) {
        long start = System.nanoTime();
        Response response = endpoint.query(caller -> {
            ObjectNode json = Json.object(body);
            Json.onlyFields(json, Set.of("checks"));
            JsonNode items = json.get("checks");
            if (items == null || !items.isArray()) {
                throw GatewayAccessException.badRequest(
                        "invalid_request", "Field 'checks' must be an array of checks.");
            }
            if (items.size() > MAX_BATCH) {
                throw GatewayAccessException.badRequest(
                        "too_many_checks", "A batch holds at most " + MAX_BATCH + " checks, not " + items.size() + ".");
            }
            List<Check> checks = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                Check check = Check.fromJson(items.get(i), "checks[" + i + "]");
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

    private AccessDecisions decisions() {
        return new AccessDecisions(endpoint.session(), endpoint.realm());
    }
}
