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
import org.gatewayaccess.keycloak.authzen.AuthZenInput;
import org.gatewayaccess.keycloak.authzen.EvaluationsSemantic;
import org.gatewayaccess.keycloak.authzen.PermittedUsers;
import org.gatewayaccess.keycloak.authzen.SearchPage;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Ids;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.representation.AuthZen;

/**
 * {@code /access/v1}: the OpenID AuthZEN Authorization API 1.0 with this realm's {@code gateway-access} as the policy
 * decision point. Every question is turned into the one {@code POST /check} asks ({@link Check}) and authorized by the
 * same rule ({@link CheckResource#authorize}: a user about itself; read-only admins, gateway admins, Keycloak admins and
 * access checkers about anyone), so the two cannot drift. Searches answer exactly what an evaluation of each result
 * would answer {@code true}, in key order, paged ({@link SearchPage}). Reads: no client grant needed.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class AuthZenResource {

    /** Built once, as {@link CheckResource}'s: evaluations are as hot as checks. */
    private static final ObjectWriter DECISION = Json.writerFor(AuthZen.Decision.class);

    private static final ObjectWriter DECISIONS = Json.writerFor(AuthZen.Decisions.class);

    private final Endpoint endpoint;

    AuthZenResource(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** {@code {subject, resource, action, context?}} → {@code {"decision": bool}}. */
    @POST
    @Path("evaluation")
    public Response evaluation(String body) {
        long start = System.nanoTime();
        Response response = endpoint.query(caller -> {
            Check check = AuthZenInput.check(AuthZenBodies.evaluation(body));
            return Endpoint.json(200, DECISION, AuthZen.Decision.of(decide(caller, check, decisions())));
        });
        endpoint.node().checkRequestTimers().record("evaluation", System.nanoTime() - start);
        return AuthZenRequestId.echo(endpoint, response);
    }

    /**
     * Top-level {@code subject}, {@code resource}, {@code action}, {@code context} are the defaults of every item of
     * {@code evaluations}; an item's own value replaces the default whole. Every item is read, then every item authorized,
     * before any is answered (one bad or forbidden item refuses the request, naming it, as {@code /check/batch} does);
     * then they are answered in order until {@code options.evaluations_semantic} says stop. Without items (absent or {@code []}) the
     * request is one evaluation of the defaults and is answered as one ({@code {"decision": bool}}).
     */
    @POST
    @Path("evaluations")
    public Response evaluations(String body) {
        long start = System.nanoTime();
        Response response = endpoint.query(caller -> {
            AuthZen.EvaluationsRequest request = AuthZenBodies.evaluations(body);
            EvaluationsSemantic semantic =
                    request.options() == null || request.options().evaluationsSemantic() == null
                            ? EvaluationsSemantic.EXECUTE_ALL
                            : EvaluationsSemantic.fromWire(request.options().evaluationsSemantic());
            AccessDecisions decisions = decisions();
            if (request.evaluations() == null || request.evaluations().isEmpty()) {
                Check check = AuthZenInput.check(
                        new AuthZen.Evaluation(request.subject(), request.resource(), request.action()));
                return Endpoint.json(200, DECISION, AuthZen.Decision.of(decide(caller, check, decisions)));
            }
            List<Check> checks = new ArrayList<>(request.evaluations().size());
            for (int i = 0; i < request.evaluations().size(); i++) {
                Check check = AuthZenInput.check(request.evaluations().get(i));
                try {
                    CheckResource.authorize(caller, check);
                } catch (GatewayAccessException e) {
                    throw new GatewayAccessException(e.status(), e.code(), "evaluations[" + i + "]: " + e.getMessage());
                }
                checks.add(check);
            }
            List<AuthZen.Decision> results = new ArrayList<>(checks.size());
            for (Check check : checks) {
                boolean decision = decide(caller, check, decisions);
                results.add(AuthZen.Decision.of(decision));
                if (semantic.stopsAfter(decision)) {
                    break;
                }
            }
            return Endpoint.json(200, DECISIONS, new AuthZen.Decisions(results));
        });
        endpoint.node().checkRequestTimers().record("evaluations", System.nanoTime() - start);
        return AuthZenRequestId.echo(endpoint, response);
    }

    /**
     * Who may do the action on the resource: {@code subject: {type: "user"}} (an id is ignored, as the spec says), the
     * users in id order. Listing who holds access is a question about others: read-only admins, gateway admins, Keycloak
     * admins and access checkers only (as {@code GET /pools/{id}/viewers}).
     */
    @POST
    @Path("search/subject")
    public Response searchSubject(String body) {
        Response response = endpoint.query(caller -> {
            AuthZen.SearchRequest request = AuthZenBodies.subjectSearch(body);
            AuthZen.Resource resource = request.resource();
            Permission action = permission(request.action());
            SearchPage page = SearchPage.of(
                    request.page(),
                    "subject",
                    List.of(resource.type(), resource.id(), action.wireName()),
                    Ids::isValidEntityId);
            if (!caller.canCheckOthers()) {
                throw GatewayAccessException.forbidden(
                        "Only admins, read-only admins and access checkers may search who holds access to a resource.");
            }
            AccessDecisions decisions = decisions();
            List<AuthZen.Subject> results = new ArrayList<>();
            boolean more = false;
            String last = null;
            for (String userId : tail(
                    new PermittedUsers(endpoint.session(), endpoint.realm())
                            .candidates(resource.type(), resource.id(), action),
                    page.after())) {
                if (!holds(decisions, userId, resource, action)) {
                    continue;
                }
                if (results.size() == page.limit()) {
                    more = true;
                    break;
                }
                results.add(new AuthZen.Subject(AuthZenInput.USER, userId));
                last = userId;
            }
            return searchResult(results, page, last, more);
        });
        return AuthZenRequestId.echo(endpoint, response);
    }

    /** Which resources of a type the subject may do the action on (an id in {@code resource} is ignored), in id order. */
    @POST
    @Path("search/resource")
    public Response searchResource(String body) {
        Response response = endpoint.query(caller -> {
            AuthZen.SearchRequest request = AuthZenBodies.resourceSearch(body);
            String subject = request.subject().id();
            AuthZen.Resource resource = request.resource();
            Permission action = permission(request.action());
            SearchPage page = SearchPage.of(
                    request.page(),
                    "resource",
                    List.of(subject, resource.type(), action.wireName()),
                    Ids::isValidResourceId);
            String userId = CheckResource.authorize(caller, new Check(subject, resource.type(), "-", action));
            AccessDecisions decisions = decisions();
            List<String> ids = decisions.idsHeld(
                    decisions.principals(userId), resource.type(), action, page.after(), 0, page.limit() + 1);
            boolean more = ids.size() > page.limit();
            List<String> shown = more ? ids.subList(0, page.limit()) : ids;
            List<AuthZen.Resource> results = new ArrayList<>();
            shown.forEach(id -> results.add(new AuthZen.Resource(resource.type(), id)));
            return searchResult(results, page, shown.isEmpty() ? null : shown.get(shown.size() - 1), more);
        });
        return AuthZenRequestId.echo(endpoint, response);
    }

    /** What the subject may do on the resource: every action its highest permission implies, lowest first. */
    @POST
    @Path("search/action")
    public Response searchAction(String body) {
        Response response = endpoint.query(caller -> {
            AuthZen.ActionSearchRequest request = AuthZenBodies.actionSearch(body);
            String subject = request.subject().id();
            AuthZen.Resource resource = request.resource();
            SearchPage page = SearchPage.of(
                    request.page(),
                    "action",
                    List.of(subject, resource.type(), resource.id()),
                    key -> Permission.fromWire(key).isPresent());
            String userId = CheckResource.authorize(
                    caller, new Check(subject, resource.type(), resource.id(), Permission.VIEW));
            AccessDecisions decisions = decisions();
            List<String> actions = decisions
                    .held(decisions.principals(userId), resource.type(), resource.id())
                    .map(Permission::withImplied)
                    .orElse(List.of());
            int from = page.after() == null
                    ? 0
                    : Permission.fromWire(page.after()).orElseThrow().ordinal() + 1;
            List<AuthZen.Action> results = new ArrayList<>();
            String last = null;
            boolean more = false;
            for (int i = from; i < actions.size(); i++) {
                if (results.size() == page.limit()) {
                    more = true;
                    break;
                }
                results.add(new AuthZen.Action(actions.get(i)));
                last = actions.get(i);
            }
            return searchResult(results, page, last, more);
        });
        return AuthZenRequestId.echo(endpoint, response);
    }

    @Path("{unknown: .+}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }

    private static <T> Response searchResult(List<T> results, SearchPage page, String last, boolean more) {
        return Endpoint.json(
                200, new AuthZen.SearchResult<>(results, new AuthZen.Page(page.nextToken(last, more), results.size())));
    }

    private static Iterable<String> tail(java.util.TreeSet<String> sorted, String after) {
        return after == null ? sorted : sorted.tailSet(after, false);
    }

    private static boolean holds(
            AccessDecisions decisions, String userId, AuthZen.Resource resource, Permission action) {
        return decisions
                .held(decisions.principals(userId), resource.type(), resource.id())
                .map(p -> p.implies(action))
                .orElse(false);
    }

    /** A request's action, read strictly: its name is a permission's. */
    private static Permission permission(AuthZen.Action action) {
        return Permission.fromWire(action.name()).orElseThrow();
    }

    private static boolean decide(Caller caller, Check check, AccessDecisions decisions) {
        String userId = CheckResource.authorize(caller, check);
        return decisions.allowed(userId, check.resourceType(), check.resourceId(), check.permission());
    }

    private AccessDecisions decisions() {
        return new AccessDecisions(endpoint.session(), endpoint.realm());
    }
}
