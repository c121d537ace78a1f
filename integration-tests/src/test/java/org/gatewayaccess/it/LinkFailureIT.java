package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import org.gatewayaccess.it.support.Database;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Jobs;
import org.gatewayaccess.it.support.Poll;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A grant that cannot be written — here PostgreSQL or MariaDB refuses every GA_GRANT row of one
 * user, through a trigger the test installs — does not fail that user's link, does not
 * stop the other users, is logged once, and is written by the retry once the database
 * accepts it again.
 */
class LinkFailureIT extends RealKeycloakTest {

    private Database db;

    @AfterEach
    void dropTrigger() {
        if (db != null) {
            Sql.update(db, dropTriggerSql());
        }
    }

    @Test
    void aUserWhoseGrantFailsKeepsTheLinkDoesNotStopOthersAndIsRepaired() throws Exception {
        assumeTrue(
                SERVER.postgres().isPresent() || SERVER.mariadb().isPresent(),
                "the failure is injected with a PostgreSQL or MariaDB trigger (H2's triggers are Java classes on Keycloak's class path)");
        db = SERVER.db();
        GatewayRealm gw = GatewayRealm.create(ADMIN, "failure");
        String pool = gw.createPool("p", PARTNER_IDP);
        String refused = ADMIN.createUser(gw.name(), "refused");
        String fine = ADMIN.createUser(gw.name(), "fine");
        double failuresBefore = SERVER.metric("gateway_access_link_grant_failures_total");
        double repairsBefore = SERVER.metric("gateway_access_link_grant_repairs_total");
        refuseGrantsOf(refused);

        ADMIN.link(gw.name(), refused, PARTNER_IDP); // asserts 204: the link itself is not blocked
        ADMIN.link(gw.name(), fine, PARTNER_IDP);
        assertEquals(1, ADMIN.links(gw.name(), refused).size());
        assertEquals(List.of("user:" + fine), gw.viewerPrincipals(pool));

        // A pool created now grants everyone but the refused user (its set-based insert fails, then goes user by user).
        String second = gw.createPool("second", PARTNER_IDP);
        assertEquals(List.of("user:" + fine), gw.viewerPrincipals(second));

        String log = Files.readString(SERVER.logFile());
        assertEquals(
                1,
                log.lines()
                        .filter(l -> l.contains("Could not update pool grants and memberships of user " + refused))
                        .count(),
                "logged once");

        Sql.update(db, dropTriggerSql());
        long deadline = System.currentTimeMillis() + 30_000;
        while (gw.viewerPrincipals(pool).size() < 2 && System.currentTimeMillis() < deadline) {
            Poll.pause(500);
        }
        assertEquals(
                List.of("user:" + fine, "user:" + refused).stream().sorted().toList(),
                gw.viewerPrincipals(pool).stream().sorted().toList());
        assertEquals(
                List.of("user:" + fine, "user:" + refused).stream().sorted().toList(),
                gw.viewerPrincipals(second).stream().sorted().toList());
        assertTrue(Files.readString(SERVER.logFile()).contains("Repaired pool grants of user " + refused));
        assertEquals(
                200,
                Http.get(gw.api() + "/pools/" + pool, gw.gatewayAdminToken()).status());
        // Counted on Keycloak's metrics endpoint: one failure per attempt (the link, then the second pool's
        // user-by-user pass).
        assertEquals(failuresBefore + 2, SERVER.metric("gateway_access_link_grant_failures_total"));
        assertEquals(repairsBefore + 1, SERVER.metric("gateway_access_link_grant_repairs_total"));
    }

    @Test
    void aSyncWhosePoolIsRedoneUserByUserCountsTheGrantsItWrote() {
        assumeTrue(
                SERVER.postgres().isPresent() || SERVER.mariadb().isPresent(),
                "the failure is injected with a PostgreSQL or MariaDB trigger (H2's triggers are Java classes on Keycloak's class path)");
        db = SERVER.db();
        GatewayRealm gw = GatewayRealm.create(ADMIN, "failure-sync");
        String pool = gw.createPool("p", PARTNER_IDP);
        String refused = ADMIN.createUser(gw.name(), "refused");
        List<String> fine = List.of(ADMIN.createUser(gw.name(), "fine-1"), ADMIN.createUser(gw.name(), "fine-2"));
        ADMIN.link(gw.name(), refused, PARTNER_IDP);
        fine.forEach(u -> ADMIN.link(gw.name(), u, PARTNER_IDP));
        String realmId = ADMIN.realm(gw.name()).get("id").asText();
        // as if the grants had never been written; then one user's row fails the pool's set-based insert
        assertEquals(3, Sql.update(db, "DELETE FROM GA_GRANT WHERE REALM_ID = ? AND RESOURCE_ID = ?", realmId, pool));
        refuseGrantsOf(refused);

        JsonNode dry = Jobs.runSync(gw, true);
        assertEquals(3, dry.get("changes").get("added").asLong(), dry::toString);
        JsonNode job = Jobs.runSync(gw, false);
        assertEquals("done", job.get("status").asText(), job::toString);
        assertEquals(
                fine.stream().map(u -> "user:" + u).sorted().toList(),
                gw.viewerPrincipals(pool).stream().sorted().toList());
        // the two grants the user-by-user pass wrote (it reported 0), not the one the database refused
        assertEquals(2, job.get("changes").get("added").asLong(), job::toString);
        assertEquals(0, job.get("changes").get("removed").asLong(), job::toString);
    }

    private static String dropTriggerSql() {
        return SERVER.mariadb().isPresent()
                ? "DROP TRIGGER IF EXISTS ga_refuse_user"
                : "DROP TRIGGER IF EXISTS ga_refuse_user ON ga_grant";
    }

    private void refuseGrantsOf(String userId) {
        if (SERVER.mariadb().isPresent()) {
            Sql.update(
                    db,
                    "CREATE TRIGGER ga_refuse_user BEFORE INSERT ON GA_GRANT FOR EACH ROW BEGIN"
                            + " IF NEW.PRINCIPAL_ID = '" + userId
                            + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure for a test';"
                            + " END IF; END");
            return;
        }
        Sql.update(
                db,
                "CREATE OR REPLACE FUNCTION ga_refuse_user() RETURNS trigger AS $$ BEGIN"
                        + " IF NEW.principal_id = '" + userId
                        + "' THEN RAISE EXCEPTION 'injected failure for a test'; END IF;"
                        + " RETURN NEW; END $$ LANGUAGE plpgsql");
        Sql.update(
                db,
                "CREATE TRIGGER ga_refuse_user BEFORE INSERT ON ga_grant FOR EACH ROW EXECUTE FUNCTION ga_refuse_user()");
    }
}
