package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Poll;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.Test;

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
        assertEquals(
                1,
                Sql.update(SERVER.db(), "DELETE FROM GA_GRANT WHERE REALM_ID = ? AND PRINCIPAL_ID = ?", realmId, user));

        // The scheduler's job commits grants pool by pool and marks itself done afterwards, so the grant can be back
        // a moment before its job says so: wait for both.
        long deadline = System.currentTimeMillis() + 30_000;
        while (!(repairedBySchedulerJob(realmId) && !gw.viewerPrincipals(pool).isEmpty())
                && System.currentTimeMillis() < deadline) {
            Poll.pause(250);
        }
        assertEquals(List.of("user:" + user), gw.viewerPrincipals(pool), "repaired by the periodic sync");
        assertTrue(repairedBySchedulerJob(realmId), "the run is a job started by the scheduler");
    }

    @Test
    void scheduledJobsAreKeptForAWeekAndJobsStartedByPeopleForGood() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "retention");
        gw.createPool("p", PARTNER_IDP);
        String realmId = ADMIN.realm(gw.name()).get("id").asText();
        long now = System.currentTimeMillis();
        long day = 24L * 3600 * 1000;
        insertFinishedJob("old-scheduled", realmId, "scheduler", now - 8 * day);
        insertFinishedJob("recent-scheduled", realmId, "scheduler", now - 6 * day);
        insertFinishedJob("old-by-an-admin", realmId, "an-admin-id", now - 30 * day);

        long deadline = System.currentTimeMillis() + 30_000;
        while (jobs(realmId, "STARTED_BY = 'scheduler' AND STARTED_AT >= " + now) == 0
                && System.currentTimeMillis() < deadline) {
            Poll.pause(250);
        }
        assertTrue(jobs(realmId, "STARTED_BY = 'scheduler' AND STARTED_AT >= " + now) >= 1, "a round ran");
        assertEquals(0, jobs(realmId, "ID = 'old-scheduled'"), "a scheduled job finished 8 days ago is gone");
        assertEquals(1, jobs(realmId, "ID = 'recent-scheduled'"), "a scheduled job finished 6 days ago is kept");
        assertEquals(1, jobs(realmId, "ID = 'old-by-an-admin'"), "a job an admin started is kept");
    }

    private static void insertFinishedJob(String id, String realmId, String startedBy, long finishedAt) {
        Sql.update(
                SERVER.db(),
                "INSERT INTO GA_JOB (ID, REALM_ID, KIND, DRY_RUN, STATUS, PROCESSED, TOTAL, ADDED, REMOVED,"
                        + " STARTED_AT, FINISHED_AT, STARTED_BY) VALUES (?, ?, 'sync', FALSE, 'done', 1, 1, 0, 0, ?, ?, ?)",
                id,
                realmId,
                finishedAt - 1000,
                finishedAt,
                startedBy);
    }

    private static long jobs(String realmId, String condition) {
        return Sql.count(SERVER.db(), "SELECT COUNT(*) FROM GA_JOB WHERE REALM_ID = ? AND " + condition, realmId);
    }

    private static boolean repairedBySchedulerJob(String realmId) {
        return Sql.count(
                        SERVER.db(),
                        "SELECT COUNT(*) FROM GA_JOB WHERE REALM_ID = ? AND STARTED_BY = 'scheduler'"
                                + " AND STATUS = 'done' AND ADDED >= 1",
                        realmId)
                >= 1;
    }
}
