package org.gatewayaccess.keycloak.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gatewayaccess.keycloak.authzen.AuthZenInput;
import org.gatewayaccess.keycloak.authzen.EvaluationsSemantic;
import org.gatewayaccess.keycloak.authzen.SearchPage;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.representation.AuthZen;

/**
 * The request bodies of {@code /access/v1}, each read strictly into its {@link AuthZen} record, as
 * {@link RequestBodies} reads the gateway API's: the body's form only, all of it, nothing looked up and no right
 * checked. The pieces (subject, resource, action, context, page) are read by {@link AuthZenInput} and
 * {@link SearchPage}, which name a refused field by its JSON path ({@code evaluations[2].subject.id}). A page token is
 * decoded by the resource ({@link SearchPage#of}), which knows the query it must belong to. A class of its own, not a
 * part of {@link RequestBodies}, because another specification shapes these bodies (defaults an item overrides, paths
 * for names, {@code properties}); in {@code rest} for the reason {@link RequestBodies} gives.
 */
final class AuthZenBodies {

    /** Items per {@code evaluations} request, as {@code /check/batch}. */
    static final int MAX_EVALUATIONS = RequestBodies.MAX_BATCH;

    private static final Set<String> EVALUATION_FIELDS = Set.of("subject", "resource", "action", "context");
    private static final Set<String> EVALUATIONS_FIELDS =
            Set.of("subject", "resource", "action", "context", "evaluations", "options");
    private static final Set<String> OPTIONS_FIELDS = Set.of("evaluations_semantic");
    private static final Set<String> SEARCH_FIELDS = Set.of("subject", "resource", "action", "context", "page");
    private static final Set<String> ACTION_SEARCH_FIELDS = Set.of("subject", "resource", "context", "page");

    private AuthZenBodies() {}

    /** {@code POST /access/v1/evaluation}: {@code {subject, resource, action, context?}}. */
    static AuthZen.Evaluation evaluation(String body) {
        ObjectNode json = Json.object(body);
        AuthZenInput.onlyFields(json, "", EVALUATION_FIELDS);
        AuthZen.Evaluation evaluation = evaluation(
                json.get("subject"), "subject", json.get("resource"), "resource", json.get("action"), "action");
        AuthZenInput.context(json.get("context"), "context");
        return evaluation;
    }

    /**
     * {@code POST /access/v1/evaluations}. Without items (absent or {@code []}) the top-level subject, resource and
     * action are the one evaluation and are required. With items, each item's own member replaces the default whole and
     * the items come back with the defaults they take filled in (the top-level members left null): a default is read
     * where an item takes it, and named as the top-level field ({@code subject.id}), an item's own member by its path
     * ({@code evaluations[2].subject.id}). At most {@link #MAX_EVALUATIONS} items.
     */
    static AuthZen.EvaluationsRequest evaluations(String body) {
        ObjectNode json = Json.object(body);
        AuthZenInput.onlyFields(json, "", EVALUATIONS_FIELDS);
        AuthZen.Options options = options(json.get("options"));
        AuthZenInput.context(json.get("context"), "context");
        JsonNode items = json.get("evaluations");
        if (items != null && !items.isNull() && !items.isArray()) {
            throw GatewayAccessException.badRequest(
                    "invalid_type", "Field 'evaluations' must be an array of evaluations.");
        }
        if (items == null || items.isNull() || items.isEmpty()) {
            AuthZen.Evaluation single = evaluation(
                    json.get("subject"), "subject", json.get("resource"), "resource", json.get("action"), "action");
            return new AuthZen.EvaluationsRequest(
                    single.subject(),
                    single.resource(),
                    single.action(),
                    null,
                    items == null || items.isNull() ? null : List.of(),
                    options);
        }
        if (items.size() > MAX_EVALUATIONS) {
            throw GatewayAccessException.badRequest(
                    "too_many_evaluations",
                    "An evaluations request holds at most " + MAX_EVALUATIONS + " evaluations, not " + items.size()
                            + ".");
        }
        List<AuthZen.Evaluation> evaluations = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String where = "evaluations[" + i + "]";
            ObjectNode item = AuthZenInput.object(items.get(i), where, true);
            AuthZenInput.onlyFields(item, where, EVALUATION_FIELDS);
            evaluations.add(evaluation(
                    pick(item, json, "subject"), named(item, where, "subject"),
                    pick(item, json, "resource"), named(item, where, "resource"),
                    pick(item, json, "action"), named(item, where, "action")));
            AuthZenInput.context(item.get("context"), where + ".context");
        }
        return new AuthZen.EvaluationsRequest(null, null, null, null, evaluations, options);
    }

    /** {@code POST /access/v1/search/subject}: the subject's id, if sent, is checked and left out. */
    static AuthZen.SearchRequest subjectSearch(String body) {
        return entitySearch(body, false, true);
    }

    /** {@code POST /access/v1/search/resource}: the resource's id, if sent, is checked and left out. */
    static AuthZen.SearchRequest resourceSearch(String body) {
        return entitySearch(body, true, false);
    }

    /** A subject or resource search: the one being searched for needs no id (one sent is checked and left out). */
    private static AuthZen.SearchRequest entitySearch(
            String body, boolean subjectIdRequired, boolean resourceIdRequired) {
        ObjectNode json = search(body, SEARCH_FIELDS);
        String subject = AuthZenInput.subject(json.get("subject"), "subject", subjectIdRequired);
        AuthZen.Resource resource = AuthZenInput.resource(json.get("resource"), "resource", resourceIdRequired);
        AuthZen.Action action = action(json.get("action"), "action");
        AuthZenInput.context(json.get("context"), "context");
        return new AuthZen.SearchRequest(
                subject(subject), resource, action, null, SearchPage.request(json.get("page")));
    }

    /** {@code POST /access/v1/search/action}. */
    static AuthZen.ActionSearchRequest actionSearch(String body) {
        ObjectNode json = search(body, ACTION_SEARCH_FIELDS);
        String subject = AuthZenInput.subject(json.get("subject"), "subject", true);
        AuthZen.Resource resource = AuthZenInput.resource(json.get("resource"), "resource", true);
        AuthZenInput.context(json.get("context"), "context");
        return new AuthZen.ActionSearchRequest(subject(subject), resource, null, SearchPage.request(json.get("page")));
    }

    private static ObjectNode search(String body, Set<String> fields) {
        ObjectNode json = Json.object(body);
        AuthZenInput.onlyFields(json, "", fields);
        return json;
    }

    /** One evaluation's subject, resource and action, in that order; {@code context} is the caller's to read. */
    private static AuthZen.Evaluation evaluation(
            JsonNode subject,
            String subjectWhere,
            JsonNode resource,
            String resourceWhere,
            JsonNode action,
            String actionWhere) {
        String userId = AuthZenInput.subject(subject, subjectWhere, true);
        AuthZen.Resource r = AuthZenInput.resource(resource, resourceWhere, true);
        return new AuthZen.Evaluation(subject(userId), r, action(action, actionWhere));
    }

    private static AuthZen.Subject subject(String userId) {
        return new AuthZen.Subject(AuthZenInput.USER, userId);
    }

    /** The action as sent: its name is exactly one of the permissions' wire names, which the reader insists on. */
    private static AuthZen.Action action(JsonNode node, String where) {
        return new AuthZen.Action(AuthZenInput.action(node, where).wireName());
    }

    /** The item's own value of a field, else the request's default. */
    private static JsonNode pick(ObjectNode item, ObjectNode defaults, String field) {
        JsonNode own = item.get(field);
        return own != null && !own.isNull() ? own : defaults.get(field);
    }

    /** Names a field where it came from: the item's own, or the default at the top level. */
    private static String named(ObjectNode item, String where, String field) {
        JsonNode own = item.get(field);
        return own != null && !own.isNull() ? where + "." + field : field;
    }

    /** {@code options}: null when absent; an unknown {@code evaluations_semantic} is refused here. */
    private static AuthZen.Options options(JsonNode node) {
        ObjectNode options = AuthZenInput.object(node, "options", false);
        if (options == null) {
            return null;
        }
        AuthZenInput.onlyFields(options, "options", OPTIONS_FIELDS);
        JsonNode s = options.get("evaluations_semantic");
        if (s == null || s.isNull()) {
            return new AuthZen.Options(null);
        }
        if (!s.isTextual()) {
            throw GatewayAccessException.badRequest(
                    "invalid_type", "Field 'options.evaluations_semantic' must be a string.");
        }
        EvaluationsSemantic.fromWire(s.textValue());
        return new AuthZen.Options(s.textValue());
    }
}
