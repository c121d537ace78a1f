package org.gatewayaccess.keycloak.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.representation.CheckBatchRequest;
import org.gatewayaccess.keycloak.representation.CheckRequest;
import org.gatewayaccess.keycloak.representation.GrantRequest;
import org.gatewayaccess.keycloak.representation.MigrationRequest;
import org.gatewayaccess.keycloak.representation.PoolRequest;
import org.gatewayaccess.keycloak.representation.ResourceRegistration;
import org.gatewayaccess.keycloak.representation.RoleAssignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The gateway API's bodies as {@link RequestBodies} reads them: for each, what it accepts, and every kind of refusal with
 * the code and the sentence the caller gets (unknown field, wrong type, missing field, duplicate key, and the body's
 * own rules). JSON is written with single quotes here for legibility and turned into double quotes.
 */
class RequestBodiesTest {

    private static final String USER = "0b7c4c6e-4b43-4c57-9a51-0d1f2f9e0000";
    private static final String MALFORMED = "The request body is not valid JSON.";

    // --- POST /check

    @Test
    void aCheckAboutTheCallerOrAnotherUser() {
        assertEquals(
                new CheckRequest(null, "dataset", "d-1", "edit"),
                RequestBodies.check(json("{'resourceType':'dataset','resourceId':'d-1','permission':'edit'}")));
        assertEquals(
                new CheckRequest(USER, "pool", "p", "view"),
                RequestBodies.check(
                        json("{'userId':'" + USER + "','resourceType':'pool','resourceId':'p','permission':'view'}")));
    }

    @Test
    void aCheckIsRefusedWithTheFieldItsErrorIsIn() {
        refused("unknown_field", "Unknown field 'x'.", () -> RequestBodies.check(json(check("'x':1"))));
        refused(
                "invalid_type",
                "Field 'resourceId' must be a string.",
                () -> RequestBodies.check(json("{'resourceType':'dataset','resourceId':1,'permission':'view'}")));
        refused(
                "missing_field",
                "Field 'resourceId' is required.",
                () -> RequestBodies.check(json("{'resourceType':'dataset','permission':'view'}")));
        refused("malformed_json", MALFORMED, () -> RequestBodies.check(json(check("'permission':'edit'"))));
        refused(
                "invalid_value",
                "Field 'resourceType' must be 1 to 64 lower-case letters, digits or '-'.",
                () -> RequestBodies.check(json("{'resourceType':'Data','resourceId':'d','permission':'view'}")));
        refused(
                "invalid_value",
                "Field 'resourceId' is not a valid resource id.",
                () -> RequestBodies.check(json("{'resourceType':'dataset','resourceId':'../x','permission':'view'}")));
        refused(
                "invalid_value",
                "Field 'permission' must be one of view, edit, manage.",
                () -> RequestBodies.check(json("{'resourceType':'dataset','resourceId':'d','permission':'VIEW'}")));
        refused(
                "invalid_value",
                "Field 'userId' is not a valid user id.",
                () -> RequestBodies.check(
                        json("{'userId':'a/b','resourceType':'dataset','resourceId':'d','permission':'view'}")));
        refused(
                "too_long",
                "Field 'resourceId' is longer than 255 characters.",
                () -> RequestBodies.check(
                        json("{'resourceType':'dataset','resourceId':'" + "d".repeat(256) + "','permission':'view'}")));
        refused("invalid_request", "The request body must be a JSON object.", () -> RequestBodies.check("[1]"));
        refused("invalid_request", "A JSON object is required as the request body.", () -> RequestBodies.check(" "));
    }

    @Test
    void aChecksFieldsAreCheckedInOrder() {
        // userId, resourceType, resourceId, permission: the first wrong one is the one reported
        refused(
                "invalid_value",
                "Field 'resourceType' must be 1 to 64 lower-case letters, digits or '-'.",
                () -> RequestBodies.check(json("{'permission':'own','resourceId':'../x','resourceType':'Data'}")));
        refused(
                "unknown_field",
                "Unknown field 'x'.",
                () -> RequestBodies.check(json("{'resourceType':'Data','x':1}")));
    }

    // --- POST /check/batch

    @Test
    void aBatchKeepsItsChecksInOrder() {
        assertEquals(
                new CheckBatchRequest(List.of(
                        new CheckRequest(null, "pool", "p", "view"), new CheckRequest(USER, "dataset", "d", "manage"))),
                RequestBodies.checkBatch(json("{'checks':[" + check("") + ",{'userId':'" + USER
                        + "','resourceType':'dataset','resourceId':'d','permission':'manage'}]}")));
        assertEquals(new CheckBatchRequest(List.of()), RequestBodies.checkBatch(json("{'checks':[]}")));
    }

    @Test
    void aBatchIsRefusedWholeAndABadCheckIsNamed() {
        refused("unknown_field", "Unknown field 'check'.", () -> RequestBodies.checkBatch(json("{'check':[]}")));
        refused(
                "invalid_request",
                "Field 'checks' must be an array of checks.",
                () -> RequestBodies.checkBatch(json("{'checks':'all'}")));
        refused(
                "invalid_request",
                "Field 'checks' must be an array of checks.",
                () -> RequestBodies.checkBatch(json("{}")));
        refused("malformed_json", MALFORMED, () -> RequestBodies.checkBatch(json("{'checks':[],'checks':[]}")));
        refused(
                "invalid_request",
                "checks[1] must be a JSON object.",
                () -> RequestBodies.checkBatch(json("{'checks':[" + check("") + ",1]}")));
        refused(
                "invalid_value",
                "checks[3]: Field 'permission' must be one of view, edit, manage.",
                () -> RequestBodies.checkBatch(json("{'checks':[" + check("") + "," + check("") + "," + check("")
                        + ",{'resourceType':'pool','resourceId':'p','permission':'own'}]}")));
        refused(
                "invalid_type",
                "checks[0]: Field 'userId' must be a string.",
                () -> RequestBodies.checkBatch(json("{'checks':[" + check("'userId':5") + "]}")));
        refused(
                "missing_field",
                "checks[0]: Field 'permission' is required.",
                () -> RequestBodies.checkBatch(json("{'checks':[{'resourceType':'pool','resourceId':'p'}]}")));
        refused(
                "unknown_field",
                "checks[0]: Unknown field 'x'.",
                () -> RequestBodies.checkBatch(json("{'checks':[" + check("'x':1") + "]}")));
        String thousand = ("," + check("")).repeat(1000);
        assertEquals(
                1000,
                RequestBodies.checkBatch(json("{'checks':[" + thousand.substring(1) + "]}"))
                        .checks()
                        .size());
        refused(
                "too_many_checks",
                "A batch holds at most 1000 checks, not 1001.",
                () -> RequestBodies.checkBatch(json("{'checks':[" + check("") + thousand + "]}")));
    }

    @Test
    void everyCheckOfABatchIsReadBeforeAnyIsAuthorized() {
        // the reader looks nothing up and authorizes nothing: a malformed later check is refused whoever asks
        refused(
                "invalid_value",
                "checks[1]: Field 'resourceId' is not a valid resource id.",
                () -> RequestBodies.checkBatch(json("{'checks':[{'userId':'" + USER
                        + "','resourceType':'pool','resourceId':'p','permission':'view'},"
                        + "{'resourceType':'pool','resourceId':'../x','permission':'view'}]}")));
    }

    // --- POST /pools, PUT /pools/{id}

    @Test
    void aPoolAndAGetResultPutBack() {
        assertEquals(
                new PoolRequest("Partners", "for them", "partner-idp"),
                RequestBodies.pool(
                        json("{'name':' Partners ','description':'for them','identityProvider':'partner-idp'}"), null));
        assertEquals(
                new PoolRequest("Partners", null, null),
                RequestBodies.pool(
                        json("{'id':'p-1','name':'Partners','description':null,'identityProvider':null,"
                                + "'source':'api','createdAt':'1970-01-01T00:00:00Z'}"),
                        "p-1"));
    }

    @Test
    void aPoolIsRefused() {
        refused(
                "unknown_field",
                "Unknown field 'identityprovider'.",
                () -> RequestBodies.pool(json("{'name':'ok','identityprovider':'partner-idp'}"), null));
        refused("invalid_type", "Field 'name' must be a string.", () -> RequestBodies.pool(json("{'name':123}"), null));
        refused(
                "invalid_type",
                "Field 'description' must be a string.",
                () -> RequestBodies.pool(json("{'name':'ok','description':5}"), null));
        refused("missing_field", "Field 'name' is required.", () -> RequestBodies.pool(json("{}"), null));
        refused("missing_field", "Field 'name' is required.", () -> RequestBodies.pool(json("{'name':null}"), null));
        refused("malformed_json", MALFORMED, () -> RequestBodies.pool(json("{'name':'a','name':'b'}"), null));
        refused(
                "invalid_value",
                "Field 'name' must not be blank.",
                () -> RequestBodies.pool(json("{'name':'  '}"), null));
        refused(
                "too_long",
                "Field 'description' is longer than 4000 characters.",
                () -> RequestBodies.pool(json("{'name':'ok','description':'" + "d".repeat(4001) + "'}"), null));
        refused(
                "invalid_value",
                "Field 'id' is assigned by the server and cannot be changed.",
                () -> RequestBodies.pool(json("{'name':'ok','id':'p-2'}"), "p-1"));
        refused(
                "invalid_value",
                "Field 'id' is assigned by the server and cannot be changed.",
                () -> RequestBodies.pool(json("{'name':'ok','id':'p-2'}"), null));
    }

    // --- PUT /resources/{type}/{id}

    @Test
    void aRegistrationIsOptionalAndItsValuesAreNotRead() {
        assertNull(RequestBodies.registration(null));
        assertNull(RequestBodies.registration(""));
        assertNull(RequestBodies.registration("  "));
        assertEquals(new ResourceRegistration(null, null, null, null, null), RequestBodies.registration(json("{}")));
        ResourceRegistration sentBack = RequestBodies.registration(
                json(
                        "{'type':'dataset','id':'d-1','createdBy':null,'createdAt':'1970-01-01T00:00:00Z','permissions':['view']}"));
        assertEquals("dataset", sentBack.type().textValue());
        assertEquals("view", sentBack.permissions().get(0).textValue());
        assertEquals(
                5, RequestBodies.registration(json("{'type':5}")).type().intValue(), "any value, as it is not used");
    }

    @Test
    void aRegistrationIsRefused() {
        refused("unknown_field", "Unknown field 'owner'.", () -> RequestBodies.registration(json("{'owner':'me'}")));
        refused("invalid_request", "The request body must be a JSON object.", () -> RequestBodies.registration("[]"));
        refused("malformed_json", MALFORMED, () -> RequestBodies.registration(json("{'id':1,'id':2}")));
    }

    // --- PUT /resources/{type}/{id}/grants (and DELETE's query)

    @Test
    void aGrant() {
        assertEquals(
                new GrantRequest("user:" + USER, "edit"),
                RequestBodies.grant(json("{'principal':'user:" + USER + "','permission':'edit'}")));
        assertEquals(Principal.group(USER), RequestBodies.principal("group:" + USER));
        assertEquals(Permission.MANAGE, RequestBodies.permission("manage"));
    }

    @Test
    void aGrantIsRefusedBeforeItsPrincipalIsLookedUp() {
        refused(
                "unknown_field",
                "Unknown field 'source'.",
                () -> RequestBodies.grant(json("{'principal':'user:" + USER + "','permission':'view','source':'x'}")));
        refused(
                "invalid_type",
                "Field 'principal' must be a string.",
                () -> RequestBodies.grant(json("{'principal':5,'permission':'view'}")));
        refused(
                "missing_field",
                "Field 'permission' is required.",
                () -> RequestBodies.grant(json("{'principal':'user:" + USER + "'}")));
        refused(
                "malformed_json",
                MALFORMED,
                () -> RequestBodies.grant(json("{'principal':'user:a','principal':'user:b','permission':'view'}")));
        refused(
                "invalid_value",
                "A principal is written user:<id> or group:<id>.",
                () -> RequestBodies.grant(json("{'principal':'someone','permission':'edit'}")));
        refused(
                "invalid_value",
                "A principal is written user:<id> or group:<id>.",
                () -> RequestBodies.grant(json("{'principal':'user:a/b','permission':'edit'}")));
        refused(
                "invalid_value",
                "A permission is one of view, edit, manage.",
                () -> RequestBodies.grant(json("{'principal':'user:" + USER + "','permission':'owner'}")));
        refused(
                "too_long",
                "Field 'principal' is longer than 300 characters.",
                () -> RequestBodies.grant(json("{'principal':'user:" + "u".repeat(296) + "','permission':'view'}")));
        // the principal's form is checked before the permission is read
        refused(
                "invalid_value",
                "A principal is written user:<id> or group:<id>.",
                () -> RequestBodies.grant(json("{'permission':5,'principal':'someone'}")));
    }

    // --- POST /migrations/roles-to-groups

    @Test
    void aMigration() {
        assertEquals(
                new MigrationRequest(
                        List.of(
                                new MigrationRequest.Mapping("researcher", "/Researchers"),
                                new MigrationRequest.Mapping("no-such-role", "/No/Such/Group")),
                        true),
                RequestBodies.migration(json("{'mappings':[{'role':'researcher','group':'/Researchers'},"
                        + "{'role':'no-such-role','group':'/No/Such/Group'}],'removeRoles':true}")));
        assertEquals(
                new MigrationRequest(List.of(new MigrationRequest.Mapping("r", "/G")), null),
                RequestBodies.migration(json("{'mappings':[{'role':'r','group':'/G'}],'removeRoles':null}")));
    }

    @Test
    void aMigrationIsRefusedWholeWhateverItNames() {
        refused("unknown_field", "Unknown field 'mapping'.", () -> RequestBodies.migration(json("{'mapping':[]}")));
        refused(
                "unknown_field",
                "Unknown field 'mode'.",
                () -> RequestBodies.migration(json("{'mappings':[{'role':'r','group':'/G','mode':'sync'}]}")));
        refused(
                "invalid_type",
                "Field 'removeRoles' must be true or false.",
                () -> RequestBodies.migration(json("{'mappings':[{'role':'r','group':'/G'}],'removeRoles':'yes'}")));
        refused(
                "invalid_type",
                "Field 'mappings' must be an array of 1 to 100 {role, group} objects.",
                () -> RequestBodies.migration(json("{'mappings':[]}")));
        refused(
                "invalid_type",
                "Field 'mappings' must be an array of 1 to 100 {role, group} objects.",
                () -> RequestBodies.migration(json("{'mappings':["
                        + ",{'role':'r','group':'/G'}".repeat(101).substring(1) + "]}")));
        refused(
                "invalid_type",
                "Field 'mappings' must contain {role, group} objects.",
                () -> RequestBodies.migration(json("{'mappings':['r']}")));
        refused(
                "invalid_type",
                "Field 'group' must be a string.",
                () -> RequestBodies.migration(json("{'mappings':[{'role':'r','group':5}]}")));
        refused(
                "missing_field",
                "Field 'mappings' is required when a body is sent.",
                () -> RequestBodies.migration(json("{'removeRoles':true}")));
        refused(
                "missing_field",
                "Field 'role' is required.",
                () -> RequestBodies.migration(json("{'mappings':[{'group':'/G'}]}")));
        refused(
                "malformed_json",
                MALFORMED,
                () -> RequestBodies.migration(json("{'mappings':[{'role':'r','role':'s','group':'/G'}]}")));
        refused(
                "too_long",
                "Field 'group' is longer than 1020 characters.",
                () -> RequestBodies.migration(json("{'mappings':[{'role':'r','group':'/" + "g".repeat(1020) + "'}]}")));
        // a later mapping's form is checked before any role or group is looked up
        refused(
                "missing_field",
                "Field 'group' is required.",
                () -> RequestBodies.migration(
                        json("{'mappings':[{'role':'no-such-role','group':'/Nope'},{'role':'r'}]}")));
    }

    // --- PUT /users/{userId}/gateway-role, POST /users/{userId}/activate

    @Test
    void aRoleAssignment() {
        assertEquals(new RoleAssignment("gateway-user"), RequestBodies.roleAssignment(json("{'role':'gateway-user'}")));
        refused(
                "unknown_field",
                "Unknown field 'roles'.",
                () -> RequestBodies.roleAssignment(json("{'role':'r','roles':[]}")));
        refused(
                "invalid_type",
                "Field 'role' must be a string.",
                () -> RequestBodies.roleAssignment(json("{'role':1}")));
        refused("missing_field", "Field 'role' is required.", () -> RequestBodies.roleAssignment(json("{}")));
        refused("malformed_json", MALFORMED, () -> RequestBodies.roleAssignment(json("{'role':'a','role':'b'}")));
        refused(
                "too_long",
                "Field 'role' is longer than 255 characters.",
                () -> RequestBodies.roleAssignment(json("{'role':'" + "r".repeat(256) + "'}")));
    }

    /** A valid check of pool p, with {@code extra} (a member or two, or nothing) first. */
    private static String check(String extra) {
        return "{" + (extra.isEmpty() ? "" : extra + ",")
                + "'resourceType':'pool','resourceId':'p','permission':'view'}";
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static void refused(String code, String message, Executable read) {
        GatewayAccessException e = assertThrows(GatewayAccessException.class, read);
        assertEquals(400, e.status(), e::getMessage);
        assertEquals(code, e.code(), e::getMessage);
        assertEquals(message, e.getMessage());
    }
}
