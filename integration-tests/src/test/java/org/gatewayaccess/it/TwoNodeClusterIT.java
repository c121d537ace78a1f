package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Jobs;
import org.gatewayaccess.it.support.KeycloakAdmin;
import org.gatewayaccess.it.support.KeycloakCluster;
import org.gatewayaccess.it.support.KeycloakCluster.Node;
import org.gatewayaccess.it.support.KeycloakServer;
import org.gatewayaccess.it.support.LinkedUsers;
import org.gatewayaccess.it.support.Poll;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

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
@EnabledIfSystemProperty(
        named = "it.cluster",
        matches = "true",
        disabledReason = "runs in the it-cluster execution only")
class TwoNodeClusterIT {

    /** The acceptable staleness of node B after a change committed on node A. */
    private static final long LIMIT_MILLIS = 1000;
    /** Poll past the limit for a while, so a failure says how stale B really was. */
    private static final long GIVE_UP_MILLIS = 10_000;

    private static final long POLL_MILLIS = 50;
    private static final int CYCLES = 10;
    /** Linked users the concurrent sync has to grant: enough for it to be still running when the second request looks. */
    private static final int SYNC_USERS = 20_000;

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
        System.out.println("Gateway realm and tokens ready after " + cluster.millisSinceStart() + " ms");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            System.out.println("Cluster stopped after " + cluster.millisSinceStart() + " ms");
        }
    }

    @Test
    void theTwoNodesFormOneCluster() {
        for (Node node : cluster.nodes()) {
            List<String> view = KeycloakCluster.lastClusterView(node);
            assertEquals(2, view.size(), () -> node.name() + "'s cluster view: " + view);
            assertTrue(
                    view.stream().anyMatch(m -> m.startsWith("node-a"))
                            && view.stream().anyMatch(m -> m.startsWith("node-b")),
                    () -> node.name() + "'s cluster view: " + view);
        }

        // One database: what A created, B reads.
        assertEquals(gwA.name(), b.admin().realm(gwA.name()).path("realm").asText(), "realm created on A, read on B");
        // One cluster: B has the realm cached now; a change on A must invalidate B's copy (with two unclustered
        // nodes B would keep serving its cached copy).
        setDisplayName(a.admin(), gwA.name(), "before");
        waitUntil(
                () -> "before"
                        .equals(b.admin().realm(gwA.name()).path("displayName").asText()),
                "B reads the first display name");
        setDisplayName(a.admin(), gwA.name(), "after");
        Freshness realmChange = awaitNewAnswer(
                () -> "after"
                        .equals(b.admin().realm(gwA.name()).path("displayName").asText()),
                "realm change on A read on B");
        assertTrue(realmChange.staleMillis() <= LIMIT_MILLIS, "realm change on A read on B: " + realmChange);

        // The extension's own rows: a pool created through A is listed by B.
        String pool = gwA.createPool("shared", null);
        Http.Result pools = Http.get(gwB.api() + "/pools", checkerOnB);
        assertEquals(200, pools.status(), pools::toString);
        assertTrue(pools.body().contains(pool), () -> "pools on B: " + pools);

        // The realm's keys live in the shared database: both nodes publish the same ones.
        assertEquals(
                Http.get(gwA.realmUrl() + "/protocol/openid-connect/certs", null)
                        .json(),
                Http.get(gwB.realmUrl() + "/protocol/openid-connect/certs", null)
                        .json(),
                "JWKS of A and B");
    }

    /**
     * Same keys, but Keycloak verifies a bearer token's {@code iss} against the realm URL of the
     * request, and without a fixed {@code --hostname} that URL carries the node's own port. Behind
     * a load balancer every node is reached by one URL (and {@code --hostname} names it), so this
     * is an artefact of calling the nodes directly, not a problem of the cluster: with one URL for
     * the realm (its frontend URL here), a token of either node is valid on both.
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
        // Keycloak's own endpoints judge the same way, and say why: userinfo (which wants an openid token) accepts
        // A's token at A only.
        String openidTokenOfA = GatewayRealm.openidToken(gwA.realmUrl(), "plain");
        assertEquals(
                200,
                Http.get(gwA.realmUrl() + "/protocol/openid-connect/userinfo", openidTokenOfA)
                        .status(),
                "userinfo on A");
        Http.Result userinfoOnB = Http.get(gwB.realmUrl() + "/protocol/openid-connect/userinfo", openidTokenOfA);
        assertEquals(401, userinfoOnB.status(), () -> "userinfo on B: " + userinfoOnB);
        // The answer says only "Token verification failed"; the event in B's log names the reason.
        String reason = "Invalid token issuer. Expected '" + gwB.realmUrl() + "'";
        waitUntil(() -> logContains(b, reason), "B's log: " + reason);

        // One URL for the realm, as a load balancer gives it: the partner realm's frontend URL (changed through A, seen
        // by
        // B through the cluster's realm cache invalidation) makes both nodes issue and expect the same issuer.
        String partner = gwA.partnerName();
        Http.Result frontend = Http.put(
                a.baseUrl() + "/admin/realms/" + partner,
                a.admin().token(),
                Map.of("attributes", Map.of("frontendUrl", a.baseUrl())));
        assertEquals(204, frontend.status(), frontend::toString);
        String partnerOnA = a.baseUrl() + "/realms/" + partner;
        String partnerOnB = b.baseUrl() + "/realms/" + partner;
        waitUntil(
                () -> partnerOnA.equals(Http.get(partnerOnB + "/.well-known/openid-configuration", null)
                        .json()
                        .path("issuer")
                        .asText()),
                "B uses the partner realm's frontend URL");
        String issuedByB = GatewayRealm.openidToken(partnerOnB, GatewayRealm.PARTNER_USER);
        assertEquals(partnerOnA, claims(issuedByB).path("iss").asText(), "issuer of a token asked at B");
        for (String realmUrl : List.of(partnerOnA, partnerOnB)) {
            assertEquals(
                    200,
                    Http.get(realmUrl + "/protocol/openid-connect/userinfo", issuedByB)
                            .status(),
                    "userinfo at " + realmUrl);
            Http.Result pools = Http.get(realmUrl + "/gateway-access/pools", issuedByB);
            assertEquals(200, pools.status(), () -> "GET /pools at " + realmUrl + ": " + pools);
        }
    }

    @Test
    void aRevokeOnOneNodeIsSeenByTheOtherWithinOneSecond() {
        String pool = gwA.createPool("revoked", null);
        String user = a.admin().createUser(gwA.name(), "viewer");
        String viewer = gwA.api() + "/pools/" + pool + "/viewers/" + user;
        BooleanSupplier allowedOnB = () -> check(gwB, checkerOnB, user, pool);

        Series revokes = new Series("pool viewer revoke (DELETE /pools/{id}/viewers/{userId} on A, POST /check on B)");
        Series grants = new Series("pool viewer grant (PUT /pools/{id}/viewers/{userId} on A, POST /check on B)");
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            grants.changeOnAThenAwaitOnB(
                    cycle,
                    () -> assertEquals(204, Http.put(viewer, adminOnA, null).status(), "grant on A"),
                    allowedOnB);
            assertCachedOnB(allowedOnB, cycle);
            revokes.changeOnAThenAwaitOnB(
                    cycle,
                    () -> assertEquals(204, Http.delete(viewer, adminOnA).status(), "revoke on A"),
                    () -> !allowedOnB.getAsBoolean());
        }
        revokes.report();
        grants.report();
    }

    @Test
    void aGroupMembershipChangeOnOneNodeIsSeenByTheOtherWithinOneSecond() {
        String pool = gwA.createPool("by-group", null);
        // Two ways in: a plain Keycloak group changed through Keycloak's admin API (as the admin console does), and
        // the users system group changed through the extension's own API. Both groups may view the pool.
        String plainGroup = a.admin().createGroup(gwA.name(), "pool-viewers");
        String usersGroup = a.admin().groupId(gwA.name(), "/Gateway Users");
        for (String group : List.of(plainGroup, usersGroup)) {
            assertEquals(
                    204,
                    Http.put(gwA.api() + "/pools/" + pool + "/viewer-groups/" + group, adminOnA, null)
                            .status(),
                    "viewer group on A");
        }
        String viaAdminApi = a.admin().createUser(gwA.name(), "member-by-admin-api");
        String viaGatewayApi = a.admin().createUser(gwA.name(), "member-by-gateway-api");
        BooleanSupplier adminApiMemberAllowedOnB = () -> check(gwB, checkerOnB, viaAdminApi, pool);
        BooleanSupplier gatewayApiMemberAllowedOnB = () -> check(gwB, checkerOnB, viaGatewayApi, pool);
        assertFalse(adminApiMemberAllowedOnB.getAsBoolean(), "not a member yet");
        assertFalse(gatewayApiMemberAllowedOnB.getAsBoolean(), "not a member yet");
        String gatewayMember = gwA.api() + "/groups/" + usersGroup + "/members/" + viaGatewayApi;

        Series leaves = new Series(
                "group membership removal (admin API DELETE users/{id}/groups/{groupId} on A, POST /check on B)");
        Series joins = new Series(
                "group membership addition (admin API PUT users/{id}/groups/{groupId} on A, POST /check on B)");
        Series gatewayLeaves = new Series(
                "group membership removal (DELETE /groups/{groupId}/members/{userId} on A, POST /check on B)");
        Series gatewayJoins =
                new Series("group membership addition (PUT /groups/{groupId}/members/{userId} on A, POST /check on B)");
        for (int cycle = 1; cycle <= CYCLES / 2; cycle++) {
            joins.changeOnAThenAwaitOnB(
                    cycle,
                    () -> assertEquals(
                            204,
                            a.admin()
                                    .joinGroup(gwA.name(), viaAdminApi, plainGroup)
                                    .status(),
                            "join on A"),
                    adminApiMemberAllowedOnB);
            assertCachedOnB(adminApiMemberAllowedOnB, cycle);
            leaves.changeOnAThenAwaitOnB(
                    cycle,
                    () -> assertEquals(
                            204,
                            a.admin()
                                    .leaveGroup(gwA.name(), viaAdminApi, plainGroup)
                                    .status(),
                            "leave on A"),
                    () -> !adminApiMemberAllowedOnB.getAsBoolean());

            gatewayJoins.changeOnAThenAwaitOnB(
                    cycle,
                    () -> assertEquals(
                            204, Http.put(gatewayMember, adminOnA, null).status(), "gateway join on A"),
                    gatewayApiMemberAllowedOnB);
            assertCachedOnB(gatewayApiMemberAllowedOnB, cycle);
            gatewayLeaves.changeOnAThenAwaitOnB(
                    cycle,
                    () -> assertEquals(200, Http.delete(gatewayMember, adminOnA).status(), "gateway leave on A"),
                    () -> !gatewayApiMemberAllowedOnB.getAsBoolean());
        }
        leaves.report();
        joins.report();
        gatewayLeaves.report();
        gatewayJoins.report();
    }

    /**
     * {@code POST /sync} on both nodes at the same moment, in one realm: one job, worked by one node, and both
     * callers get it (the contract: "while a sync of the realm runs (on any node), answers that job"). The two
     * requests meet at the realm's GA_REALM_STATE row lock: the later one waits for the earlier one's commit and then
     * finds its job running. The job has {@value #SYNC_USERS} grants to write (links seeded by SQL, as if the
     * extension had been installed after they linked), so it is still running when the second request looks.
     * That node names recorded in jobs are the cluster's member names matters too: a node treats a running job of a
     * node outside its cluster view as interrupted (see CrashRecoveryIT), so a mismatch would show up here as two jobs.
     */
    @Test
    void aSyncStartedOnBothNodesAtOnceIsOneJobWorkedByOneNode() throws Exception {
        String realmId = a.admin().realm(gwA.name()).get("id").asText();
        String pool = gwA.createPool("synced", GatewayRealm.PARTNER_IDP);
        seedLinkedUsers(realmId, SYNC_USERS);
        String adminOnB = gwB.gatewayAdminToken();
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        Http.Result onA;
        Http.Result onB;
        try {
            Future<Http.Result> fromA = callers.submit(() -> {
                together.await();
                return Http.post(gwA.api() + "/sync", adminOnA, null);
            });
            Future<Http.Result> fromB = callers.submit(() -> {
                together.await();
                return Http.post(gwB.api() + "/sync", adminOnB, null);
            });
            onA = fromA.get(2, TimeUnit.MINUTES);
            onB = fromB.get(2, TimeUnit.MINUTES);
        } finally {
            callers.shutdownNow();
        }
        assertEquals(202, onA.status(), onA::toString);
        assertEquals(202, onB.status(), onB::toString);
        String jobId = onA.json().get("id").asText();
        assertEquals(jobId, onB.json().get("id").asText(), () -> "one job for both callers: A " + onA + ", B " + onB);

        JsonNode job = Jobs.waitForJob(gwA, jobId, adminOnA);
        assertEquals("done", job.get("status").asText(), job::toString);
        // at least: the other tests' membership changes in this realm may leave sources for the sync to restore
        assertTrue(job.get("changes").get("added").asLong() >= SYNC_USERS, job::toString);
        assertEquals(job, Http.get(gwB.api() + "/jobs/" + jobId, adminOnB).json(), "B reports the same job");
        assertEquals(
                1,
                Sql.count(
                        cluster.postgres(),
                        "SELECT COUNT(*) FROM GA_JOB WHERE REALM_ID = ? AND KIND = 'sync'",
                        realmId),
                "one sync job row in the realm");
        String node = Sql.text(cluster.postgres(), "SELECT NODE FROM GA_JOB WHERE ID = ?", jobId);
        assertTrue(
                List.of("node-a", "node-b").contains(node),
                "the job records the cluster member that started it: " + node);
        assertEquals(
                SYNC_USERS,
                Sql.count(
                        cluster.postgres(),
                        "SELECT COUNT(*) FROM GA_GRANT WHERE REALM_ID = ? AND RESOURCE_ID = ?",
                        realmId,
                        pool),
                "every linked user is a viewer, once");
        System.out.println("Concurrent POST /sync on both nodes: one job " + jobId + " started on " + node + ", "
                + SYNC_USERS + " grants in " + job.get("startedAt").asText() + " .. "
                + job.get("finishedAt").asText());
    }

    /** Users linked to partner-idp, written straight into Keycloak's tables (creating them through the admin API would take minutes). */
    private static void seedLinkedUsers(String realmId, int users) {
        LinkedUsers.seedInPostgres(cluster.postgres(), realmId, "sync-user-", users, List.of(GatewayRealm.PARTNER_IDP));
    }

    /**
     * B answers "allowed" a few times more, from its decision cache (its hit counter goes up): the
     * change that follows on A has a cached answer on B to invalidate.
     */
    private static void assertCachedOnB(BooleanSupplier allowedOnB, int cycle) {
        double hits = decisionCacheHits(b);
        for (int i = 0; i < 3; i++) {
            assertTrue(allowedOnB.getAsBoolean(), "cycle " + cycle + ": allowed on B");
        }
        double after = decisionCacheHits(b);
        assertTrue(
                after > hits,
                "cycle " + cycle + ": B answered from its decision cache (hits " + hits + " -> " + after + ")");
    }

    /** {@code gateway_access_decision_cache_total{result="hit"}} on a node's management interface. */
    private static double decisionCacheHits(Node node) {
        return KeycloakServer.metric(node.managementUrl(), "gateway_access_decision_cache_total", "result=\"hit\"");
    }

    /**
     * How long node B goes on answering the old way after a change on node A, over several changes.
     * B's staleness is measured to the moment the first request that got the new answer was
     * <em>sent</em> (0 when B's first answer after the change is already the new one): when it
     * arrived also counts that request's own round trip, which on a loaded machine alone can
     * exceed a second. Both are reported; the staleness is what must stay within the limit.
     */
    private static final class Series {

        private final String what;
        private final List<Long> stale = new ArrayList<>();
        private final List<Long> answered = new ArrayList<>();
        private int oldAnswers;

        Series(String what) {
            this.what = what;
        }

        void changeOnAThenAwaitOnB(int cycle, Runnable changeOnA, BooleanSupplier newAnswerOnB) {
            changeOnA.run();
            Freshness f = awaitNewAnswer(newAnswerOnB, what + ", cycle " + cycle);
            stale.add(f.staleMillis());
            answered.add(f.answeredMillis());
            oldAnswers += f.oldAnswers();
            assertTrue(f.staleMillis() <= LIMIT_MILLIS, what + ", cycle " + cycle + ": " + f);
        }

        /** Prints the delays and appends them to {@code target/cluster-staleness.txt}. */
        void report() {
            String line =
                    what + ": n=" + stale.size() + "; stale for max " + max(stale) + " ms, median " + median(stale)
                            + " ms; new answer received after max " + max(answered) + " ms, median " + median(answered)
                            + " ms; old answers "
                            + oldAnswers + " in all; each (stale/received ms) " + pairs();
            System.out.println("Staleness of node B: " + line);
            try {
                Files.writeString(stalenessReport(), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String pairs() {
            List<String> each = new ArrayList<>();
            for (int i = 0; i < stale.size(); i++) {
                each.add(stale.get(i) + "/" + answered.get(i));
            }
            return String.join(" ", each);
        }

        private static long max(List<Long> values) {
            return values.stream().mapToLong(Long::longValue).max().orElseThrow();
        }

        private static long median(List<Long> values) {
            List<Long> sorted = values.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    /**
     * B's first new answer after a change: when its request was sent and when it arrived,
     * in ms after the change's response, and how many old answers came before it.
     */
    private record Freshness(long staleMillis, long answeredMillis, int oldAnswers) {
        @Override
        public String toString() {
            return "node B answered the old way until a request sent " + staleMillis + " ms after the change (limit "
                    + LIMIT_MILLIS + " ms; its answer arrived after " + answeredMillis + " ms; " + oldAnswers
                    + " old answers before)";
        }
    }

    /** Polls every {@value #POLL_MILLIS} ms until {@code newAnswer} holds; fails after {@value #GIVE_UP_MILLIS} ms. */
    private static Freshness awaitNewAnswer(BooleanSupplier newAnswer, String what) {
        long start = System.nanoTime();
        int oldAnswers = 0;
        while (true) {
            long sent = System.nanoTime();
            if (newAnswer.getAsBoolean()) {
                return new Freshness((sent - start) / 1_000_000, (System.nanoTime() - start) / 1_000_000, oldAnswers);
            }
            oldAnswers++;
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            if (elapsed > GIVE_UP_MILLIS) {
                throw new AssertionError(what + ": node B still answers the old way after " + elapsed + " ms ("
                        + oldAnswers + " old answers)");
            }
            Poll.pause(POLL_MILLIS);
        }
    }

    /** {@code POST /check} on a node: may {@code user} view the pool? */
    private static boolean check(GatewayRealm gw, String token, String user, String pool) {
        Http.Result r = Http.post(
                gw.api() + "/check",
                token,
                Map.of("userId", user, "resourceType", "pool", "resourceId", pool, "permission", "view"));
        assertEquals(200, r.status(), () -> "POST /check on " + gw.api() + ": " + r);
        JsonNode allowed = r.json().get("allowed");
        assertTrue(allowed != null && allowed.isBoolean(), () -> "POST /check answer: " + r);
        return allowed.asBoolean();
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        awaitNewAnswer(condition, what);
    }

    private static void setDisplayName(KeycloakAdmin admin, String realm, String displayName) {
        Http.Result r =
                Http.put(admin.baseUrl() + "/admin/realms/" + realm, admin.token(), Map.of("displayName", displayName));
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

    private static boolean logContains(Node node, String text) {
        try {
            return Files.readString(node.logFile()).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path stalenessReport() {
        return Path.of(System.getProperty("it.work.dir", "target")).resolve("cluster-staleness.txt");
    }
}
