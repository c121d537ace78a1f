package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.gatewayaccess.it.support.Database;
import org.gatewayaccess.it.support.DedicatedKeycloak;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Jobs;
import org.gatewayaccess.it.support.LinkedUsers;
import org.gatewayaccess.it.support.Poll;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Keycloak killed (kill -9) in the middle of a sync job that writes {@value #USERS} grants, then
 * started again on the same database: the job left behind is reported {@code failed} (interrupted)
 * instead of "running" for an hour, a new sync can start at once, and afterwards every grant is
 * there exactly once — a dry-run sync finds nothing to do, the table holds exactly {@value #USERS}
 * rows and no grant appears twice.
 *
 * <p>The job: {@value #PROVIDERS} pools, each tied to its own provider with {@value #USERS}/{@value #PROVIDERS}
 * linked users, whose links were written straight into Keycloak's tables (as if the extension had been
 * installed after they linked), so no grant exists yet. The sync commits one pool at a time, so the grant
 * count climbs in steps, and the test kills the server once it is strictly between 0 and {@value #USERS}.
 *
 * <p>PostgreSQL only: the server that is killed needs a database of its own beside the shared server's,
 * which the shared PostgreSQL offers; the H2 file of the shared server cannot be shared with a second Keycloak.
 */
// Decided before the class is initialised, so that on H2 the shared server is not even started for nothing.
@EnabledIfSystemProperty(
        named = "it.db",
        matches = "postgres",
        disabledReason =
                "PostgreSQL only: the killed Keycloak needs a"
                        + " database of its own beside the shared server's, which only the shared PostgreSQL can give (an H2 file serves one Keycloak)")
class CrashRecoveryIT extends RealKeycloakTest {

    private static final int USERS = 100_000;
    private static final int PROVIDERS = 20;
    private static final String USER_PREFIX = "crash-user-";

    private DedicatedKeycloak server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSyncKilledMidwayIsReportedInterruptedAndTheNextSyncLeavesEveryGrantExactlyOnce() {
        assumeTrue(
                SERVER.postgres().isPresent(),
                "needs a second Keycloak on a database of its own: the shared PostgreSQL gives one,"
                        + " Keycloak's H2 file cannot be opened by two servers");
        long t0 = System.nanoTime();
        server = DedicatedKeycloak.start("crash_recovery", SERVER.postgres().get());
        long started = millisSince(t0);
        GatewayRealm gw = GatewayRealm.create(server.admin(), "crash");
        String realmId = server.admin().realm(gw.name()).get("id").asText();
        Database db = server.db();
        List<String> pools = new ArrayList<>();
        for (int i = 0; i < PROVIDERS; i++) {
            server.admin().createOidcProvider(gw.name(), provider(i));
            pools.add(gw.createPool("pool-" + i, provider(i)));
        }
        seedLinkedUsers(db, realmId);
        assertEquals(
                0, linkGrants(db, realmId), "no grants before the sync: the links were written behind Keycloak's back");

        Http.Result sync = Http.post(gw.api() + "/sync", gw.gatewayAdminToken(), null);
        assertEquals(202, sync.status(), sync::toString);
        String jobId = sync.json().get("id").asText();
        long grantsAtKill = awaitMiddle(db, realmId);
        server.kill();
        long grantsAfterKill = linkGrants(db, realmId);
        String statusAfterKill = jobStatus(db, jobId);
        System.out.printf(
                "CrashRecoveryIT: killed the server with %,d of %,d grants written (%s after the kill; job %s)%n",
                grantsAtKill, USERS, grantsAfterKill, statusAfterKill);
        assertTrue(grantsAfterKill > 0 && grantsAfterKill < USERS, "killed in the middle: " + grantsAfterKill);
        assertEquals("running", statusAfterKill, "nobody finished the job's row: the server died");

        long t1 = System.nanoTime();
        server.restart();
        long restarted = millisSince(t1);
        GatewayRealm again = gw.on(server.admin());
        String token = again.gatewayAdminToken();
        JsonNode orphan = Http.get(again.api() + "/jobs/" + jobId, token).json();
        assertEquals("failed", orphan.get("status").asText(), () -> "the killed job after the restart: " + orphan);
        assertTrue(orphan.path("error").asText().startsWith("Interrupted"), orphan::toString);
        assertTrue(orphan.get("finishedAt").isTextual(), orphan::toString);

        JsonNode dryRun = Jobs.runSync(again, true);
        assertNotEquals(
                jobId, dryRun.get("id").asText(), "a new sync starts: the dead job no longer stands for a running one");
        assertEquals(USERS - grantsAfterKill, dryRun.get("changes").get("added").asLong(), dryRun::toString);
        assertEquals(0, dryRun.get("changes").get("removed").asLong(), dryRun::toString);
        JsonNode repair = Jobs.runSync(again, false);
        assertEquals("done", repair.get("status").asText(), repair::toString);
        assertEquals(USERS - grantsAfterKill, repair.get("changes").get("added").asLong(), repair::toString);
        JsonNode clean = Jobs.runSync(again, true);
        assertEquals(
                0,
                clean.get("changes").get("added").asLong()
                        + clean.get("changes").get("removed").asLong(),
                clean::toString);

        assertEquals(USERS, linkGrants(db, realmId), "one grant per linked user");
        assertEquals(
                0,
                Sql.count(
                        db,
                        "SELECT COUNT(*) FROM (SELECT 1 FROM GA_GRANT WHERE REALM_ID = ?"
                                + " GROUP BY RESOURCE_TYPE, RESOURCE_ID, PRINCIPAL_TYPE, PRINCIPAL_ID, PERMISSION HAVING COUNT(*) > 1) d",
                        realmId),
                "no grant held twice");
        assertEquals(
                USERS,
                Sql.count(
                        db,
                        "SELECT COUNT(*) FROM GA_GRANT g JOIN GA_POOL p ON p.ID = g.RESOURCE_ID"
                                + " JOIN FEDERATED_IDENTITY f ON f.USER_ID = g.PRINCIPAL_ID AND f.IDENTITY_PROVIDER = p.IDENTITY_PROVIDER"
                                + " WHERE g.REALM_ID = ? AND g.SOURCE = 'identity-provider:' || p.IDENTITY_PROVIDER",
                        realmId),
                "each grant is on the pool of the user's provider");
        System.out.printf(
                "CrashRecoveryIT: first start %d ms, restart %d ms, repair added %,d; whole test %d ms%n",
                started, restarted, repair.get("changes").get("added").asLong(), millisSince(t0));
    }

    /** Polls the grant count until the sync is between its first and last pool; returns the count seen. */
    private static long awaitMiddle(Database db, String realmId) {
        long deadline = System.currentTimeMillis() + 60_000;
        long count = 0;
        while (System.currentTimeMillis() < deadline) {
            count = linkGrants(db, realmId);
            if (count > 0 && count < USERS) {
                return count;
            }
            if (count >= USERS) {
                throw new AssertionError("the sync finished before the test could see it half-way");
            }
            Poll.pause(10);
        }
        throw new AssertionError("no grant written within 60 s (last count " + count + ")");
    }

    /** {@value #USERS} users, user n linked to provider n mod {@value #PROVIDERS}, written straight into Keycloak's tables. */
    private static void seedLinkedUsers(Database db, String realmId) {
        LinkedUsers.seedInPostgres(
                db,
                realmId,
                USER_PREFIX,
                USERS,
                IntStream.range(0, PROVIDERS)
                        .mapToObj(CrashRecoveryIT::provider)
                        .toList());
        // Fresh statistics, as an operator's database would have them after a bulk load.
        Sql.update(db, "ANALYZE");
    }

    private static long linkGrants(Database db, String realmId) {
        return Sql.count(
                db, "SELECT COUNT(*) FROM GA_GRANT WHERE REALM_ID = ? AND SOURCE LIKE 'identity-provider:%'", realmId);
    }

    private static String jobStatus(Database db, String jobId) {
        return Sql.text(db, "SELECT STATUS FROM GA_JOB WHERE ID = ?", jobId);
    }

    private static String provider(int i) {
        return "crash-idp-" + i;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
