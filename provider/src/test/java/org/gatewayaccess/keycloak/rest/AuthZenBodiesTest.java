package org.gatewayaccess.keycloak.rest;

import static org.gatewayaccess.keycloak.rest.RequestBodiesTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.gatewayaccess.keycloak.representation.AuthZen;
import org.junit.jupiter.api.Test;

/**
 * The AuthZEN bodies as {@link AuthZenBodies} reads them: what each accepts (as its record), and every kind of refusal
 * with the code and the sentence, the field named by its JSON path. JSON is written with single quotes, as in
 * {@link RequestBodiesTest}.
 */
class AuthZenBodiesTest {

    private static final String MALFORMED = "The request body is not valid JSON.";
    private static final String SUBJECT = "{'type':'user','id':'u-1'}";
    private static final String POOL = "{'type':'pool','id':'p-1'}";
    private static final String VIEW = "{'name':'view'}";

    private static final AuthZen.Subject U1 = AuthZen.Subject.user("u-1");
    private static final AuthZen.Resource P1 = new AuthZen.Resource("pool", "p-1");
    private static final AuthZen.Action VIEWING = new AuthZen.Action("view");

    // --- POST /access/v1/evaluation

    @Test
    void anEvaluationLeavesOutWhatDecidesNothing() {
        assertEquals(
                new AuthZen.Evaluation(U1, P1, new AuthZen.Action("edit")),
                AuthZenBodies.evaluation(json("{'subject':{'type':'user','id':'u-1','properties':{'department':'x'}},"
                        + "'resource':{'type':'pool','id':'p-1','properties':{}},"
                        + "'action':{'name':'edit','properties':{'method':'PUT'}},'context':{'time':1}}")));
    }

    @Test
    void anEvaluationIsRefusedNamingTheFieldByItsPath() {
        refused(
                "unknown_field",
                "Unknown field 'subjects'.",
                () -> AuthZenBodies.evaluation(json(evaluation("'subjects':{}"))));
        refused(
                "unknown_field",
                "Unknown field 'subject.email'.",
                () -> AuthZenBodies.evaluation(json("{'subject':{'type':'user','id':'u-1','email':'e'},'resource':"
                        + POOL + ",'action':" + VIEW + "}")));
        refused(
                "invalid_type",
                "Field 'subject' must be a JSON object.",
                () -> AuthZenBodies.evaluation(
                        json("{'subject':'u-1','resource':" + POOL + ",'action':" + VIEW + "}")));
        refused(
                "invalid_type",
                "Field 'resource.id' must be a string.",
                () -> AuthZenBodies.evaluation(
                        json("{'subject':" + SUBJECT + ",'resource':{'type':'pool','id':5},'action':" + VIEW + "}")));
        refused(
                "invalid_type",
                "Field 'context' must be a JSON object.",
                () -> AuthZenBodies.evaluation(json(evaluation("'context':[]"))));
        refused(
                "missing_field",
                "Field 'action' is required.",
                () -> AuthZenBodies.evaluation(json("{'subject':" + SUBJECT + ",'resource':" + POOL + "}")));
        refused(
                "missing_field",
                "Field 'subject.id' is required.",
                () -> AuthZenBodies.evaluation(
                        json("{'subject':{'type':'user'},'resource':" + POOL + ",'action':" + VIEW + "}")));
        refused("malformed_json", MALFORMED, () -> AuthZenBodies.evaluation(json(evaluation("'action':" + VIEW))));
        refused(
                "invalid_value",
                "Field 'action.name' must be one of view, edit, manage (manage implies edit, edit implies view).",
                () -> AuthZenBodies.evaluation(
                        json("{'subject':" + SUBJECT + ",'resource':" + POOL + ",'action':{'name':'View'}}")));
        // subject, resource, action, then context
        refused(
                "invalid_type",
                "Field 'resource' must be a JSON object.",
                () -> AuthZenBodies.evaluation(
                        json("{'context':5,'action':{'name':'own'},'resource':5,'subject':" + SUBJECT + "}")));
    }

    // --- POST /access/v1/evaluations

    @Test
    void evaluationsComeWithTheDefaultsTheyTakeFilledIn() {
        AuthZen.EvaluationsRequest request = AuthZenBodies.evaluations(json("{'subject':" + SUBJECT + ",'resource':"
                + POOL + ",'evaluations':[{'action':" + VIEW + "},"
                + "{'action':{'name':'edit'},'subject':{'type':'user','id':'u-2'},'context':{}}],"
                + "'options':{'evaluations_semantic':'deny_on_first_deny'}}"));
        assertEquals(
                new AuthZen.EvaluationsRequest(
                        null,
                        null,
                        null,
                        null,
                        List.of(
                                new AuthZen.Evaluation(U1, P1, VIEWING),
                                new AuthZen.Evaluation(AuthZen.Subject.user("u-2"), P1, new AuthZen.Action("edit"))),
                        new AuthZen.Options("deny_on_first_deny")),
                request);
        assertEquals(
                new AuthZen.EvaluationsRequest(U1, P1, VIEWING, null, List.of(), null),
                AuthZenBodies.evaluations(json(evaluation("'evaluations':[]"))),
                "without items: one evaluation of the defaults");
        assertEquals(
                new AuthZen.EvaluationsRequest(U1, P1, VIEWING, null, null, new AuthZen.Options(null)),
                AuthZenBodies.evaluations(json(evaluation("'options':{}"))));
        assertEquals(
                List.of(new AuthZen.Evaluation(U1, P1, VIEWING)),
                AuthZenBodies.evaluations(json("{'subject':5,'evaluations':[{'subject':" + SUBJECT + ",'resource':"
                                + POOL + ",'action':" + VIEW + "}]}"))
                        .evaluations(),
                "a default that no item takes is not read");
    }

    @Test
    void evaluationsAreRefusedNamingTheItemOrTheDefault() {
        refused(
                "unknown_field",
                "Unknown field 'evaluation'.",
                () -> AuthZenBodies.evaluations(json(evaluation("'evaluation':[]"))));
        refused(
                "unknown_field",
                "Unknown field 'evaluations[1].options'.",
                () -> AuthZenBodies.evaluations(json(evaluation("'evaluations':[{},{'options':{}}]"))));
        refused(
                "unknown_field",
                "Unknown field 'options.parallel'.",
                () -> AuthZenBodies.evaluations(
                        json(evaluation("'options':{'evaluations_semantic':'execute_all','parallel':true}"))));
        refused(
                "invalid_type",
                "Field 'evaluations' must be an array of evaluations.",
                () -> AuthZenBodies.evaluations(json(evaluation("'evaluations':{}"))));
        refused(
                "invalid_type",
                "Field 'evaluations[0]' must be a JSON object.",
                () -> AuthZenBodies.evaluations(json(evaluation("'evaluations':[[]]"))));
        refused(
                "invalid_type",
                "Field 'options.evaluations_semantic' must be a string.",
                () -> AuthZenBodies.evaluations(json(evaluation("'options':{'evaluations_semantic':1}"))));
        refused(
                "missing_field",
                "Field 'subject' is required.",
                () -> AuthZenBodies.evaluations(
                        json("{'resource':" + POOL + ",'evaluations':[{'action':" + VIEW + "}]}")));
        refused(
                "missing_field",
                "Field 'evaluations[1].subject.id' is required.",
                () -> AuthZenBodies.evaluations(json(evaluation("'evaluations':[{},{'subject':{'type':'user'}}]"))));
        refused(
                "missing_field",
                "Field 'evaluations[0]' is required.",
                () -> AuthZenBodies.evaluations(json(evaluation("'evaluations':[null]"))));
        refused(
                "invalid_value",
                "Field 'subject.id' is not a valid user id.",
                () -> AuthZenBodies.evaluations(json("{'subject':{'type':'user','id':'a/b'},'resource':" + POOL
                        + ",'evaluations':[{'action':" + VIEW + "}]}")));
        refused(
                "malformed_json",
                MALFORMED,
                () -> AuthZenBodies.evaluations(json(evaluation("'evaluations':[],'evaluations':[]"))));
        refused(
                "invalid_value",
                "Field 'options.evaluations_semantic' must be one of execute_all, deny_on_first_deny,"
                        + " permit_on_first_permit.",
                () -> AuthZenBodies.evaluations(json(evaluation("'options':{'evaluations_semantic':'first_wins'}"))));
        String thousand = ",{}".repeat(1000);
        assertEquals(
                1000,
                AuthZenBodies.evaluations(json(evaluation("'evaluations':[" + thousand.substring(1) + "]")))
                        .evaluations()
                        .size());
        refused(
                "too_many_evaluations",
                "An evaluations request holds at most 1000 evaluations, not 1001.",
                () -> AuthZenBodies.evaluations(json(evaluation("'evaluations':[{}" + thousand + "]"))));
        // every item is read before any is authorized: a bad item is refused after one about anyone
        refused(
                "invalid_value",
                "Field 'evaluations[1].action.name' must be one of view, edit, manage (manage implies edit, edit"
                        + " implies view).",
                () -> AuthZenBodies.evaluations(json(evaluation(
                        "'evaluations':[{'subject':{'type':'user','id':'someone-else'}},{'action':{'name':'own'}}]"))));
    }

    // --- POST /access/v1/search/subject, /search/resource, /search/action

    @Test
    void searchesLeaveOutTheIdTheyIgnore() {
        assertEquals(
                new AuthZen.SearchRequest(
                        new AuthZen.Subject("user", null), P1, VIEWING, null, new AuthZen.PageRequest("t", 2)),
                AuthZenBodies.subjectSearch(json("{'subject':{'type':'user','id':'ignored'},'resource':" + POOL
                        + ",'action':" + VIEW + ",'context':{},'page':{'limit':2,'token':'t','properties':{}}}")));
        assertEquals(
                new AuthZen.SearchRequest(U1, new AuthZen.Resource("dataset", null), VIEWING, null, null),
                AuthZenBodies.resourceSearch(json(
                        "{'subject':" + SUBJECT + ",'resource':{'type':'dataset','id':'d-1'},'action':" + VIEW + "}")));
        assertEquals(
                new AuthZen.ActionSearchRequest(U1, P1, null, new AuthZen.PageRequest(null, null)),
                AuthZenBodies.actionSearch(json("{'subject':" + SUBJECT + ",'resource':" + POOL + ",'page':{}}")));
    }

    @Test
    void searchesAreRefused() {
        refused(
                "unknown_field",
                "Unknown field 'action'.",
                () -> AuthZenBodies.actionSearch(
                        json("{'subject':" + SUBJECT + ",'resource':" + POOL + ",'action':" + VIEW + "}")));
        refused(
                "unknown_field",
                "Unknown field 'page.size'.",
                () -> AuthZenBodies.subjectSearch(json(search("'page':{'size':1}"))));
        refused(
                "invalid_type",
                "Field 'page.limit' must be a number.",
                () -> AuthZenBodies.resourceSearch(json(search("'page':{'limit':'2'}"))));
        refused(
                "invalid_type",
                "Field 'page.token' must be a string.",
                () -> AuthZenBodies.resourceSearch(json(search("'page':{'token':5}"))));
        refused(
                "invalid_value",
                "Field 'page.limit' must be a whole number from 1 to 1000.",
                () -> AuthZenBodies.resourceSearch(json(search("'page':{'limit':1001}"))));
        refused(
                "missing_field",
                "Field 'subject.id' is required.",
                () -> AuthZenBodies.resourceSearch(
                        json("{'subject':{'type':'user'},'resource':{'type':'dataset'}," + "'action':" + VIEW + "}")));
        refused(
                "missing_field",
                "Field 'resource.id' is required.",
                () -> AuthZenBodies.actionSearch(json("{'subject':" + SUBJECT + ",'resource':{'type':'pool'}}")));
        refused(
                "missing_field",
                "Field 'action' is required.",
                () -> AuthZenBodies.subjectSearch(json("{'subject':{'type':'user'},'resource':" + POOL + "}")));
        refused("malformed_json", MALFORMED, () -> AuthZenBodies.subjectSearch(json(search("'page':{},'page':{}"))));
        refused(
                "unsupported_subject_type",
                "Field 'subject.type' must be 'user'.",
                () -> AuthZenBodies.resourceSearch(
                        json("{'subject':{'type':'service','id':'s'},'resource':" + POOL + ",'action':" + VIEW + "}")));
    }

    /** A valid evaluation of u-1 viewing p-1, with {@code extra} members first. */
    private static String evaluation(String extra) {
        return "{" + extra + ",'subject':" + SUBJECT + ",'resource':" + POOL + ",'action':" + VIEW + "}";
    }

    /** A valid subject or resource search about u-1 viewing p-1 (each ignores one of the ids), {@code extra} first. */
    private static String search(String extra) {
        return "{" + extra + ",'subject':" + SUBJECT + ",'resource':" + POOL + ",'action':" + VIEW + "}";
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
