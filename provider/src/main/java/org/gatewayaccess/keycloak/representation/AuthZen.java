package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The bodies of {@code /access/v1} (OpenID AuthZEN Authorization API 1.0), with the spec's names. Requests leave out
 * what is not set (the spec's optional members); the server reads them strictly ({@code rest/AuthZenBodies}, with
 * {@code authzen/AuthZenInput} for the subject, resource and action). Read by the server, a request holds what
 * decides something: a {@code context}, and the {@code properties} of a subject, resource, action or page, are checked
 * to be objects and left out, as is an id a search ignores (checked all the same).
 */
public final class AuthZen {

    private AuthZen() {}

    /** {@code {type, id}}: a subject of a request ({@code type} is {@code user}), or one result of a subject search. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Subject(String type, String id) {

        public static Subject user(String id) {
            return new Subject("user", id);
        }
    }

    /** {@code {type, id}}: a resource of a request (no id in a resource search), or one result of a resource search. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resource(String type, String id) {}

    /** {@code {name}}: an action of a request ({@code view}, {@code edit}, {@code manage}), or one result of an action search. */
    public record Action(String name) {}

    /**
     * {@code POST /access/v1/evaluation}'s body (the schema {@code AuthZenEvaluationRequest}), and one item of
     * {@code evaluations} ({@code AuthZenEvaluationItem}, where each member overrides the default).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evaluation(Subject subject, Resource resource, Action action, Map<String, Object> context) {

        public Evaluation(Subject subject, Resource resource, Action action) {
            this(subject, resource, action, null);
        }
    }

    /**
     * {@code POST /access/v1/evaluations}'s body: defaults, the items, and when to stop. As the server reads it, each
     * item comes whole, with the defaults it takes filled in, and the top-level {@code subject}, {@code resource} and
     * {@code action} are kept only when there are no items (then they are the one evaluation): a default that no item
     * takes is never read, so it is not refused either.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EvaluationsRequest(
            Subject subject,
            Resource resource,
            Action action,
            Map<String, Object> context,
            List<Evaluation> evaluations,
            Options options) {}

    /** {@code options} of an evaluations request. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Options(
            @JsonProperty("evaluations_semantic") String evaluationsSemantic) {}

    /** The body of the subject and the resource search (the one ignores the subject's id, the other the resource's). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SearchRequest(
            Subject subject, Resource resource, Action action, Map<String, Object> context, PageRequest page) {}

    /** The body of the action search: what the subject may do on the resource, so no {@code action}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActionSearchRequest(
            Subject subject, Resource resource, Map<String, Object> context, PageRequest page) {}

    /** {@code page} of a search request: a size and the previous page's {@code next_token}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PageRequest(String token, Integer limit) {}

    /** An evaluation's answer, and one item of an evaluations answer. */
    public record Decision(boolean decision) {

        public static final Decision PERMIT = new Decision(true);
        public static final Decision DENY = new Decision(false);

        public static Decision of(boolean decision) {
            return decision ? PERMIT : DENY;
        }
    }

    /** {@code POST /access/v1/evaluations}'s answer when it has items: one decision per item answered, in order. */
    public record Decisions(List<Decision> evaluations) {}

    /** A search's answer: results in key order and the page that says how to go on. */
    public record SearchResult<T>(List<T> results, Page page) {}

    /** {@code page} of a search's answer: {@code next_token} is empty on the last page, as the spec's examples show. */
    public record Page(@JsonProperty("next_token") String nextToken, int count) {}

    /** {@code GET /.well-known/authzen-configuration}: the policy decision point and its endpoints. */
    public record Metadata(
            @JsonProperty("policy_decision_point") String policyDecisionPoint,
            @JsonProperty("access_evaluation_endpoint") String accessEvaluationEndpoint,
            @JsonProperty("access_evaluations_endpoint") String accessEvaluationsEndpoint,
            @JsonProperty("search_subject_endpoint") String searchSubjectEndpoint,
            @JsonProperty("search_resource_endpoint") String searchResourceEndpoint,
            @JsonProperty("search_action_endpoint") String searchActionEndpoint) {}
}
