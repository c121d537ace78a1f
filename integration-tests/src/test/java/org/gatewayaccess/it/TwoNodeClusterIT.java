package org.gatewayaccess.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.KeycloakAdmin;
import org.gatewayaccess.it.support.KeycloakCluster;
import org.gatewayaccess.it.support.KeycloakCluster.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Keycloak nodes clustered through Keycloak's own Infinispan (jdbc-ping over one shared
 * PostgreSQL, see {@link KeycloakCluster}): a change made on node A must be seen by node B, which
 * has the old answer cached, within one second. Runs in its own failsafe execution
 * ({@code it-cluster}, which sets {@code it.cluster}), so that the other executions, each with a
 * Keycloak of their own, never start two more.
 *
 * <p>Each node derives its tokens' issuer from the URL it is called at (no fixed
 * {@code --hostname}), and Keycloak checks the issuer against the URL of the request, so each
 * node is called with a token it issued itself (see {@link #tokensOfOneNodeAreRefusedByTheOtherForTheirIssuerOnly}).
 */
@EnabledIfSystemProperty(named = "it.cluster", matches = "true", disabledReason = "runs in the it-cluster execution only")
class TwoNodeClusterIT {

    /** The acceptable staleness of node B after a change committed on node A. */
    private static final long LIMIT_MILLIS = 1000;
    /** Poll past the limit for a while, so a failure says how stale B really was. */
    private static final long GIVE_UP_MILLIS = 10_000;
    private static final long POLL_MILLIS = 50;
    private static final int CYCLES = 10;

    private static KeycloakCluster cluster;
    private static Node a;
    private static Node b;
    /** One gateway realm for every test (creating one costs seconds): each test uses pools and users of its own. */
    private static GatewayRealm gwA;
    private static GatewayRealm gwB;
    /** Gateway admin token issued by node A, for the changes made on A. */
    private static String adminOnA;
    /** Read-only admin token issued by node B: may {@code POST /check} for anyone on B. */
    private static String checkerOnB;

    @RegisterExtension
    static final TestWatcher LOGS_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (cluster != null) {
                System.err.println("==== " + context.getDisplayName() + " failed ====\n" + cluster.logTails(150));
            }
        }
    };

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = KeycloakCluster.start(2);
        a = cluster.node(0);
        b = cluster.node(1);
        System.out.println("Two-node cluster ready in " + cluster.startupMillis() + " ms");
        Files.deleteIfExists(stalenessReport());
        gwA = GatewayRealm.create(a.admin(), "cluster");
        gwB = gwA.on(b.admin());
        adminOnA = gwA.gatewayAdminToken();
        checkerOnB = gwB.readOnlyAdminToken();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theTwoNodesFormOneCluster() {
        for (Node node : cluster.nodes()) {
            List<String> view = KeycloakCluster.lastClusterView(node);
            assertEquals(2, view.size(), () -> node.name() + "'s cluster view: " + view);
            assertTrue(view.stream().anyMatch(m -> m.startsWith("node-a")) && view.stream().anyMatch(m -> m.startsWith("node-b")),
                () -> node.name() + "'s cluster view: " + view);
        }

        // One database: what A created, B reads.
        assertEquals(gwA.name(), b.admin().realm(gwA.name()).path("realm").asText(), "realm created on A, read on B");
        // One cluster: B has the realm cached now; a change on A must invalidate B's copy (with two unclustered
        // nodes B would keep serving its cached copy).
        setDisplayName(a.admin(), gwA.name(), "before");
        waitUntil(() -> "before".equals(b.admin().realm(gwA.name()).path("displayName").asText()), "B reads the first display name");
        setDisplayName(a.admin(), gwA.name(), "after");
        long millis = millisUntil(() -> "after".equals(b.admin().realm(gwA.name()).path("displayName").asText()));
        assertTrue(millis <= LIMIT_MILLIS, "realm change on A seen by B after " + millis + " ms");

        // The extension's own rows: a pool created through A is listed by B.
        String pool = gwA.createPool("shared", null);
        Http.Result pools = Http.get(gwB.api() + "/pools", checkerOnB);
        assertEquals(200, pools.status(), pools::toString);
        assertTrue(pools.body().contains(pool), () -> "pools on B: " + pools);

        // The realm's keys live in the shared database: both nodes publish the same ones.
        assertEquals(Http.get(gwA.realmUrl() + "/protocol/openid-connect/certs", null).json(),
            Http.get(gwB.realmUrl() + "/protocol/openid-connect/certs", null).json(), "JWKS of A and B");
    }

    /**
     * Same keys, but Keycloak verifies a bearer token's {@code iss} against the realm URL of the
     * request, and without a fixed {@code --hostname} that URL carries the node's own port. Behind
     * a load balancer every node is reached by one URL (and {@code --hostname} names it), so this
     * is an artefact of calling the nodes directly, not a problem of the cluster.
     */
    @Test
    void tokensOfOneNodeAreRefusedByTheOtherForTheirIssuerOnly() {
        String tokenOfA = adminOnA;
        String tokenOfB = checkerOnB;
        assertEquals(200, Http.get(gwA.api() + "/pools", tokenOfA).status(), "A's token on A");
        assertEquals(200, Http.get(gwB.api() + "/pools", tokenOfB).status(), "B's token on B");
        assertEquals(gwA.realmUrl(), claims(tokenOfA).path("iss").asText(), "issuer of A's token");
        assertEquals(gwB.realmUrl(), claims(tokenOfB).path("iss").asText(), "issuer of B's token");
        Http.Result crossed = Http.get(gwB.api() + "/pools", tokenOfA);
        assertEquals(401, crossed.status(), () -> "A's token on B: " + crossed);
        // Keycloak's own endpoints judge the same way: userinfo (which wants an openid token) accepts A's token at A only.
        String openidTokenOfA = Http.postForm(gwA.realmUrl() + "/protocol/openid-connect/token", Map.of("grant_type", "password",
            "client_id", GatewayRealm.CLI_CLIENT, "username", "plain", "password", GatewayRealm.PASSWORD, "scope", "openid"))
            .json().path("access_token").asText();
        assertEquals(200, Http.get(gwA.realmUrl() + "/protocol/openid-connect/userinfo", openidTokenOfA).status(), "userinfo on A");
        assertEquals(401, Http.get(gwB.realmUrl() + "/protocol/openid-connect/userinfo", openidTokenOfA).status(), "userinfo on B");
    }

    @Test
    void aRevokeOnOneNodeIsSeenByTheOtherWithinOneSecond() {
        String pool = gwA.createPool("revoked", null);
        String user = a.admin().createUser(gwA.name(), "viewer");
        String viewer = gwA.api() + "/pools/" + pool + "/viewers/" + user;
        BooleanSupplier allowedOnB = () -> check(gwB, checkerOnB, user, pool);

        List<Long> revokes = new ArrayList<>();
        List<Long> grants = new ArrayList<>();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            assertEquals(204, Http.put(viewer, adminOnA, null).status(), "grant on A");
            long granted = millisUntil(allowedOnB);
            grants.add(granted);
            assertTrue(granted <= LIMIT_MILLIS, "cycle " + cycle + ": grant on A seen by B after " + granted + " ms");
            // B has answered "allowed" and, if it caches decisions, holds that answer now.
            for (int i = 0; i < 3; i++) {
                assertTrue(allowedOnB.getAsBoolean(), "cycle " + cycle + ": allowed on B");
            }

            assertEquals(204, Http.delete(viewer, adminOnA).status(), "revoke on A");
            long revoked = millisUntil(() -> !allowedOnB.getAsBoolean());
            revokes.add(revoked);
            assertTrue(revoked <= LIMIT_MILLIS, "cycle " + cycle + ": revoke on A seen by B after " + revoked + " ms");
        }
        report("pool viewer revoke (DELETE /pools/{id}/viewers/{userId} on A, /check on B)", revokes);
        report("pool viewer grant (PUT /pools/{id}/viewers/{userId} on A, /check on B)", grants);
    }

    @Test
    void aGroupMembershipChangeOnOneNodeIsSeenByTheOtherWithinOneSecond() {
        String pool = gwA.createPool("by-group", null);
        String user = a.admin().createUser(gwA.name(), "member");
        String group = a.admin().createGroup(gwA.name(), "pool-viewers");
        assertEquals(204, Http.put(gwA.api() + "/pools/" + pool + "/viewer-groups/" + group, adminOnA, null).status(),
            "viewer group on A");
        BooleanSupplier allowedOnB = () -> check(gwB, checkerOnB, user, pool);
        assertTrue(!allowedOnB.getAsBoolean(), "not a member yet");

        List<Long> leaves = new ArrayList<>();
        List<Long> joins = new ArrayList<>();
        for (int cycle = 1; cycle <= CYCLES / 2; cycle++) {
            // Keycloak's own admin API on A, as the admin console changes memberships.
            assertEquals(204, a.admin().joinGroup(gwA.name(), user, group).status(), "join on A");
            long joined = millisUntil(allowedOnB);
            joins.add(joined);
            assertTrue(joined <= LIMIT_MILLIS, "cycle " + cycle + ": join on A seen by B after " + joined + " ms");
            for (int i = 0; i < 3; i++) {
                assertTrue(allowedOnB.getAsBoolean(), "cycle " + cycle + ": allowed on B");
            }

            assertEquals(204, a.admin().leaveGroup(gwA.name(), user, group).status(), "leave on A");
            long left = millisUntil(() -> !allowedOnB.getAsBoolean());
            leaves.add(left);
            assertTrue(left <= LIMIT_MILLIS, "cycle " + cycle + ": leave on A seen by B after " + left + " ms");
        }
        report("group membership removal (admin API DELETE users/{id}/groups/{groupId} on A, /check on B)", leaves);
        report("group membership addition (admin API PUT users/{id}/groups/{groupId} on A, /check on B)", joins);
    }

    /** {@code POST /check} on a node: may {@code user} view the pool? */
    private static boolean check(GatewayRealm gw, String token, String user, String pool) {
        Http.Result r = Http.post(gw.api() + "/check", token,
            Map.of("userId", user, "resourceType", "pool", "resourceId", pool, "permission", "view"));
        assertEquals(200, r.status(), () -> "POST /check on " + gw.api() + ": " + r);
        JsonNode allowed = r.json().get("allowed");
        assertTrue(allowed != null && allowed.isBoolean(), () -> "POST /check answer: " + r);
        return allowed.asBoolean();
    }

    /**
     * Milliseconds from now (just after the change's response) until {@code condition} first holds,
     * polling every {@value #POLL_MILLIS} ms; fails after {@value #GIVE_UP_MILLIS} ms.
     */
    private static long millisUntil(BooleanSupplier condition) {
        long start = System.nanoTime();
        while (true) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            if (elapsed > GIVE_UP_MILLIS) {
                throw new AssertionError("still stale after " + elapsed + " ms");
            }
            SyncIT.sleep(POLL_MILLIS);
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        try {
            millisUntil(condition);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
    }

    private static void setDisplayName(KeycloakAdmin admin, String realm, String displayName) {
        Http.Result r = Http.put(admin.baseUrl() + "/admin/realms/" + realm, admin.token(), Map.of("displayName", displayName));
        assertEquals(204, r.status(), () -> "update realm: " + r);
    }

    /** A JWT's payload, decoded without verification (only to read the issuer; the token itself is never printed). */
    private static JsonNode claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        try {
            return Http.JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints the delays and appends them to {@code target/cluster-staleness.txt}. */
    private static void report(String what, List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        String line = what + ": n=" + millis.size() + ", max " + sorted.get(sorted.size() - 1) + " ms, median " + median
            + " ms, each (ms) " + millis;
        System.out.println("Staleness of node B: " + line);
        try {
            Files.writeString(stalenessReport(), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path stalenessReport() {
        return Path.of(System.getProperty("it.work.dir", "target")).resolve("cluster-staleness.txt");
    }
}
