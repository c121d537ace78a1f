package org.gatewayaccess.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import org.gatewayaccess.keycloak.representation.AuthZen;
import org.gatewayaccess.keycloak.representation.CheckAnswer;
import org.gatewayaccess.keycloak.representation.CheckBatchAnswer;
import org.gatewayaccess.keycloak.representation.CheckBatchRequest;
import org.gatewayaccess.keycloak.representation.CheckRequest;
import org.gatewayaccess.keycloak.representation.ErrorBody;
import org.gatewayaccess.keycloak.representation.GatewayGroup;
import org.gatewayaccess.keycloak.representation.GrantHolder;
import org.gatewayaccess.keycloak.representation.GrantRequest;
import org.gatewayaccess.keycloak.representation.GroupMember;
import org.gatewayaccess.keycloak.representation.Job;
import org.gatewayaccess.keycloak.representation.Me;
import org.gatewayaccess.keycloak.representation.MigrationRequest;
import org.gatewayaccess.keycloak.representation.PendingUser;
import org.gatewayaccess.keycloak.representation.Pool;
import org.gatewayaccess.keycloak.representation.PoolRequest;
import org.gatewayaccess.keycloak.representation.RegisteredResource;
import org.gatewayaccess.keycloak.representation.RemainingSources;
import org.gatewayaccess.keycloak.representation.ResourcePage;
import org.gatewayaccess.keycloak.representation.ResourceRegistration;
import org.gatewayaccess.keycloak.representation.RoleAssignment;

/**
 * The Gateway Access REST API for the tests, typed with the provider's own records ({@code representation/}): one
 * method per endpoint, sending a record and answering one.
 *
 * <p>Each typed call asserts the status it expects, then reads the body strictly: unknown fields, a string where a
 * number or boolean belongs and a missing primitive fail; and the body must be exactly what the record writes back
 * (compared as JSON trees), so a field that is absent where the contract writes {@code null}, or {@code null} where it
 * leaves the field out, fails too. A typed answer therefore asserts at least what a test reading the same fields from
 * the tree asserted. {@link #send} is the raw way, for error tests and bodies no record can hold (unknown fields,
 * wrong types); {@link #error} reads the contract's error body of such an answer.
 */
public final class GatewayAccessClient {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final String api;
    private final String token;

    /**
     * @param api the realm's API base ({@code …/realms/<realm>/gateway-access}, {@link GatewayRealm#api()})
     * @param token the caller's access token; null: no Authorization header
     */
    public GatewayAccessClient(String api, String token) {
        this.api = api;
        this.token = token;
    }

    // --- /check

    public CheckAnswer check(CheckRequest check) {
        return read(send("POST", "/check", check), 200, CheckAnswer.class);
    }

    public CheckBatchAnswer checkBatch(List<CheckRequest> checks) {
        return read(send("POST", "/check/batch", new CheckBatchRequest(checks)), 200, CheckBatchAnswer.class);
    }

    // --- AuthZEN

    public AuthZen.Metadata authZenMetadata() {
        return read(send("GET", "/.well-known/authzen-configuration", null), 200, AuthZen.Metadata.class);
    }

    public AuthZen.Decision evaluation(AuthZen.Evaluation evaluation) {
        return read(send("POST", "/access/v1/evaluation", evaluation), 200, AuthZen.Decision.class);
    }

    /** An evaluations request with items (without items the answer is one {@link #evaluation}'s). */
    public AuthZen.Decisions evaluations(AuthZen.EvaluationsRequest request) {
        return read(send("POST", "/access/v1/evaluations", request), 200, AuthZen.Decisions.class);
    }

    public AuthZen.SearchResult<AuthZen.Subject> searchSubject(AuthZen.SearchRequest request) {
        return read(send("POST", "/access/v1/search/subject", request), 200, new TypeReference<>() {});
    }

    public AuthZen.SearchResult<AuthZen.Resource> searchResource(AuthZen.SearchRequest request) {
        return read(send("POST", "/access/v1/search/resource", request), 200, new TypeReference<>() {});
    }

    public AuthZen.SearchResult<AuthZen.Action> searchAction(AuthZen.ActionSearchRequest request) {
        return read(send("POST", "/access/v1/search/action", request), 200, new TypeReference<>() {});
    }

    // --- /pools

    public List<Pool> pools() {
        return read(send("GET", "/pools", null), 200, new TypeReference<>() {});
    }

    public Pool pool(String id) {
        return read(send("GET", "/pools/" + id, null), 200, Pool.class);
    }

    /** The raw answer too: a test checks its {@code Location}. */
    public Http.Result createPoolRaw(PoolRequest pool) {
        return send("POST", "/pools", pool);
    }

    public Pool createPool(PoolRequest pool) {
        return read(createPoolRaw(pool), 201, Pool.class);
    }

    public Pool replacePool(String id, PoolRequest pool) {
        return read(send("PUT", "/pools/" + id, pool), 200, Pool.class);
    }

    public void deletePool(String id) {
        noContent(send("DELETE", "/pools/" + id, null));
    }

    public List<GrantHolder> viewers(String poolId) {
        return read(send("GET", "/pools/" + poolId + "/viewers", null), 200, new TypeReference<>() {});
    }

    public void addViewer(String poolId, String userId) {
        noContent(send("PUT", "/pools/" + poolId + "/viewers/" + userId, null));
    }

    public void addViewerGroup(String poolId, String groupId) {
        noContent(send("PUT", "/pools/" + poolId + "/viewer-groups/" + groupId, null));
    }

    // --- /resources

    /**
     * Registers a new resource (201); {@code registration} may be null, as the body is optional, or carry a {@code GET}
     * result sent back.
     */
    public RegisteredResource registerResource(String type, String id, ResourceRegistration registration) {
        return read(send("PUT", "/resources/" + type + "/" + id, registration), 201, RegisteredResource.class);
    }

    public RegisteredResource resource(String type, String id) {
        return read(send("GET", "/resources/" + type + "/" + id, null), 200, RegisteredResource.class);
    }

    public ResourcePage resources(String type) {
        return read(send("GET", "/resources/" + type, null), 200, ResourcePage.class);
    }

    public List<GrantHolder> resourceGrants(String type, String id) {
        return read(send("GET", "/resources/" + type + "/" + id + "/grants", null), 200, new TypeReference<>() {});
    }

    public void share(String type, String id, GrantRequest grant) {
        noContent(send("PUT", "/resources/" + type + "/" + id + "/grants", grant));
    }

    // --- /groups, /me, /users, /jobs, /sync

    public List<GatewayGroup> groups() {
        return read(send("GET", "/groups", null), 200, new TypeReference<>() {});
    }

    public List<GroupMember> members(String groupId) {
        return read(send("GET", "/groups/" + groupId + "/members", null), 200, new TypeReference<>() {});
    }

    public RemainingSources removeMember(String groupId, String userId) {
        return read(send("DELETE", "/groups/" + groupId + "/members/" + userId, null), 200, RemainingSources.class);
    }

    public Me me() {
        return read(send("GET", "/me", null), 200, Me.class);
    }

    public List<PendingUser> pendingUsers() {
        return read(send("GET", "/users/pending", null), 200, new TypeReference<>() {});
    }

    public void assignGatewayRole(String userId, String role) {
        noContent(send("PUT", "/users/" + userId + "/gateway-role", new RoleAssignment(role)));
    }

    /** Starts a role migration (202); {@code request} null: the configuration's mappings, or the defaults. */
    public Job migrateRolesToGroups(MigrationRequest request, boolean dryRun) {
        return read(
                send("POST", "/migrations/roles-to-groups" + (dryRun ? "?dryRun=true" : ""), request), 202, Job.class);
    }

    public Job job(String id) {
        return read(send("GET", "/jobs/" + id, null), 200, Job.class);
    }

    public Job sync(boolean dryRun) {
        return read(send("POST", "/sync" + (dryRun ? "?dryRun=true" : ""), null), 202, Job.class);
    }

    // --- raw

    /** Any request as it is ({@link Http#send}: a String body is sent unchanged), for error tests; the path is below the API. */
    public Http.Result send(String method, String path, Object body) {
        return Http.send(method, api + path, token, body);
    }

    /** The contract's error body of an answer that must be {@code status}. */
    public static ErrorBody error(Http.Result r, int status) {
        ErrorBody error = read(r, status, ErrorBody.class);
        assertNotNull(error.error(), () -> "error code in " + r);
        assertNotNull(error.errorMessage(), () -> "errorMessage in " + r);
        return error;
    }

    /** The body of an answer that must be {@code status}, read strictly as {@code type} (see the class comment). */
    public static <T> T read(Http.Result r, int status, Class<T> type) {
        return read(r, status, JSON.constructType(type));
    }

    public static <T> T read(Http.Result r, int status, TypeReference<T> type) {
        return read(r, status, JSON.constructType(type));
    }

    private static <T> T read(Http.Result r, int status, JavaType type) {
        assertEquals(status, r.status(), () -> "status of " + r);
        try {
            T value = JSON.readValue(r.body(), type);
            JsonNode received = JSON.readTree(r.body());
            JsonNode written = JSON.readTree(JSON.writerFor(type).writeValueAsString(value));
            assertEquals(received, written, () -> "the body is not exactly a " + type.toCanonical() + ": " + r);
            return value;
        } catch (IOException e) {
            throw new AssertionError("the body is not a " + type.toCanonical() + " (" + e.getMessage() + "): " + r, e);
        }
    }

    private static void noContent(Http.Result r) {
        assertEquals(204, r.status(), () -> "status of " + r);
    }
}
