package org.gatewayaccess.it;

import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code sync-interval-seconds} set (3 s in this test's own Keycloak), the scheduler
 * repairs drift without anyone calling {@code POST /sync}, and records its runs as jobs
 * started by {@code scheduler}.
 */
class PeriodicSyncIT extends RealKeycloakTest {

    @Test
    void theSchedulerRepairsAMissingGrantOnItsOwn() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "periodic");
        String pool = gw.createPool("p", PARTNER_IDP);
        String user = ADMIN.createUser(gw.name(), "drifting");
        ADMIN.link(gw.name(), user, PARTNER_IDP);
        assertEquals(List.of("user:" + user), gw.viewerPrincipals(pool));
        String realmId = ADMIN.realm(gw.name()).get("id").asText();

        // No check that the grant is gone here: the 3 s scheduler may already have put it back (the job check below
        // shows that it was the scheduler that did).
        assertEquals(1, Sql.update(SERVER.db(), "DELETE FROM GA_GRANT WHERE REALM_ID = ? AND PRINCIPAL_ID = ?", realmId, user));

        // The scheduler's job commits grants pool by pool and marks itself done afterwards, so the grant can be back
        // a moment before its job says so: wait for both.
        long deadline = System.currentTimeMillis() + 30_000;
        while (!(repairedBySchedulerJob(realmId) && !gw.viewerPrincipals(pool).isEmpty())
            && System.currentTimeMillis() < deadline) {
            SyncIT.sleep(250);
        }
        assertEquals(List.of("user:" + user), gw.viewerPrincipals(pool), "repaired by the periodic sync");
        assertTrue(repairedBySchedulerJob(realmId), "the run is a job started by the scheduler");
    }

    private static boolean repairedBySchedulerJob(String realmId) {
        return Sql.count(SERVER.db(), "SELECT COUNT(*) FROM GA_JOB WHERE REALM_ID = ? AND STARTED_BY = 'scheduler'"
            + " AND STATUS = 'done' AND ADDED >= 1", realmId) >= 1;
    }
}
