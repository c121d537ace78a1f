package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gatewayaccess.it.support.Database;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Jobs;
import org.gatewayaccess.it.support.Members;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.Test;

/** {@code POST /sync}: recompute link-derived grants, report in a job, never touch other sources. */
class SyncIT extends RealKeycloakTest {

    @Test
    void aConsistentRealmSyncsToNoChangeAndKeepsAdminGrants() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "sync-clean");
        String pool = gw.createPool("p", PARTNER_IDP);
        String linked = ADMIN.createUser(gw.name(), "linked");
        String manual = ADMIN.createUser(gw.name(), "manual");
        ADMIN.link(gw.name(), linked, PARTNER_IDP);
        Http.put(gw.api() + "/pools/" + pool + "/viewers/" + manual, gw.gatewayAdminToken(), null);

        for (boolean dryRun : new boolean[] {true, false}) {
            JsonNode job = Jobs.runSync(gw, dryRun);
            assertEquals("done", job.get("status").asText(), job::toString);
            assertEquals(dryRun, job.get("dryRun").asBoolean());
            assertEquals(0, job.get("changes").get("added").asLong(), job::toString);
            assertEquals(0, job.get("changes").get("removed").asLong(), job::toString);
            assertEquals(job.get("total").asLong(), job.get("processed").asLong());
            assertEquals(
                    6,
                    job.get("total").asLong(),
                    "one pool, the orphan sweep, three role mappings, the unmapped-source sweep");
        }
        assertEquals(
                List.of("user:" + linked, "user:" + manual).stream().sorted().toList(),
                gw.viewerPrincipals(pool).stream().sorted().toList());
    }

    @Test
    void installingOnARealmWithThousandsOfLinkedUsersThenSyncGrantsThemAllAndRemovesWhatIsStale() {
        Database pg = SERVER.db();
        GatewayRealm gw = GatewayRealm.create(ADMIN, "sync-drift");
        String pool = gw.createPool("p", PARTNER_IDP);
        int users = 2000;
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            batch.add(Map.of(
                    "username",
                    "bulk-" + i,
                    "enabled",
                    true,
                    "federatedIdentities",
                    List.of(Map.of("identityProvider", PARTNER_IDP, "userId", "ext-" + i, "userName", "bulk-" + i))));
        }
        Http.Result imported = Http.post(
                SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/partialImport",
                ADMIN.token(),
                Map.of("ifResourceExists", "SKIP", "users", batch));
        assertEquals(200, imported.status(), imported::toString);
        String realmId = ADMIN.realm(gw.name()).get("id").asText();
        String manual = ADMIN.createUser(gw.name(), "manual");
        Http.put(gw.api() + "/pools/" + pool + "/viewers/" + manual, gw.gatewayAdminToken(), null);

        // As if the extension had been installed after these users linked: no link-derived grants at all...
        assertEquals(
                users,
                Sql.update(
                        pg,
                        "DELETE FROM GA_GRANT WHERE REALM_ID = ? AND SOURCE = ?",
                        realmId,
                        "identity-provider:" + PARTNER_IDP));
        // ...plus stale rows: grants of a provider the pool is not tied to, and of a user who is not linked.
        Sql.update(
                pg,
                "INSERT INTO GA_GRANT VALUES (?, 'pool', ?, 'user', ?, 'view', 'identity-provider:other-idp', NULL, 0)",
                realmId,
                pool,
                manual);
        Sql.update(
                pg,
                "INSERT INTO GA_GRANT VALUES (?, 'pool', ?, 'user', ?, 'view', ?, NULL, 0)",
                realmId,
                pool,
                manual,
                "identity-provider:" + PARTNER_IDP);
        Sql.update(
                pg,
                "INSERT INTO GA_GRANT VALUES (?, 'pool', ?, 'user', ?, 'view', ?, NULL, 0)",
                realmId,
                UUID.randomUUID().toString(),
                manual,
                "identity-provider:" + PARTNER_IDP);
        long before = rows(pg, realmId);

        JsonNode dry = Jobs.runSync(gw, true);
        assertEquals(users, dry.get("changes").get("added").asLong(), dry::toString);
        assertEquals(3, dry.get("changes").get("removed").asLong(), dry::toString);
        assertEquals(before, rows(pg, realmId), "a dry run writes nothing");

        JsonNode real = Jobs.runSync(gw, false);
        assertEquals(users, real.get("changes").get("added").asLong(), real::toString);
        assertEquals(3, real.get("changes").get("removed").asLong(), real::toString);
        assertEquals(users + 1, gw.viewerPrincipals(pool).size());
        assertEquals(
                1,
                Sql.count(pg, "SELECT COUNT(*) FROM GA_GRANT WHERE REALM_ID = ? AND PRINCIPAL_ID = ?", realmId, manual),
                "only the admin's own grant of the unlinked user is left");

        JsonNode again = Jobs.runSync(gw, true);
        assertEquals(
                0,
                again.get("changes").get("added").asLong()
                        + again.get("changes").get("removed").asLong(),
                again::toString);
    }

    @Test
    void theLastAdminsStaleSourceIsKeptAndReportedAsKeptNotRemovedBySyncAndDryRun() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "sync-kept");
        String realmId = ADMIN.realm(gw.name()).get("id").asText();
        String admins = ADMIN.groupId(gw.name(), "/Admins");
        String boss = ADMIN.createUser(gw.name(), "boss");
        assertEquals(
                204,
                Http.put(gw.api() + "/groups/" + admins + "/members/" + boss, ADMIN.token(), null)
                        .status());
        // As if boss had been an admin through the admin role, and lost the role where Keycloak fires no event
        // (a group's role mapping, a composite): the role:admin source is stale, and boss is the only admin left.
        assertEquals(
                1,
                Sql.update(
                        SERVER.db(),
                        "UPDATE GA_MEMBERSHIP SET SOURCE = 'role:admin' WHERE GROUP_ID = ? AND USER_ID = ?",
                        admins,
                        boss));
        String gwadmin = gw.userId("gwadmin");
        Http.Result left = Http.delete(gw.api() + "/groups/" + admins + "/members/" + gwadmin, ADMIN.token());
        assertEquals(200, left.status(), left::toString);
        assertEquals(List.of(), Members.sources(ADMIN, gw, admins, gwadmin), "gwadmin is no admin any more");

        for (boolean dryRun : new boolean[] {true, false, true}) {
            JsonNode job = Jobs.runSync(gw, dryRun, ADMIN.token());
            assertEquals("done", job.get("status").asText(), job::toString);
            assertEquals(
                    Map.of("added", 0L, "removed", 0L, "kept", 1L), RealmBoundBackgroundIT.changes(job), job::toString);
        }
        assertEquals(
                List.of("role:admin"), Members.sources(ADMIN, gw, admins, boss), "the guard kept the last admin in");
        assertTrue(ADMIN.groupsOf(gw.name(), boss).contains(admins));
        assertEquals(
                1,
                Sql.count(
                        SERVER.db(),
                        "SELECT COUNT(*) FROM GA_MEMBERSHIP WHERE REALM_ID = ? AND GROUP_ID = ?",
                        realmId,
                        admins));

        // gwadmin, no admin any more, may not start a sync; a Keycloak admin may
        // once another admin exists, the next sync removes it, and then there is nothing left to do
        String second = ADMIN.createUser(gw.name(), "second");
        assertEquals(
                204,
                Http.put(gw.api() + "/groups/" + admins + "/members/" + second, ADMIN.token(), null)
                        .status());
        JsonNode dry = Jobs.runSync(gw, true, ADMIN.token());
        assertEquals(
                Map.of("added", 0L, "removed", 1L, "kept", 0L), RealmBoundBackgroundIT.changes(dry), dry::toString);
        JsonNode real = Jobs.runSync(gw, false, ADMIN.token());
        assertEquals(
                Map.of("added", 0L, "removed", 1L, "kept", 0L), RealmBoundBackgroundIT.changes(real), real::toString);
        assertFalse(ADMIN.groupsOf(gw.name(), boss).contains(admins));
        JsonNode after = Jobs.runSync(gw, true, ADMIN.token());
        assertEquals(
                Map.of("added", 0L, "removed", 0L, "kept", 0L), RealmBoundBackgroundIT.changes(after), after::toString);
    }

    @Test
    void syncAndJobsAnswerTheContractsErrors() {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "sync-errors");
        assertError(400, "invalid_value", Http.post(gw.api() + "/sync?dryRun=yes", gw.gatewayAdminToken(), null));
        assertError(403, "forbidden", Http.post(gw.api() + "/sync", gw.plainUserToken(), null));
        assertError(403, "forbidden", Http.post(gw.api() + "/sync", gw.readOnlyAdminToken(), null));
        assertError(401, "unauthorized", Http.post(gw.api() + "/sync", null, null));
        assertError(404, "job_not_found", Http.get(gw.api() + "/jobs/" + UUID.randomUUID(), gw.gatewayAdminToken()));
        assertError(400, "invalid_id", Http.get(gw.api() + "/jobs/not-a-uuid", gw.gatewayAdminToken()));
        String jobId = Http.post(gw.api() + "/sync", gw.gatewayAdminToken(), null)
                .json()
                .get("id")
                .asText();
        assertEquals(
                200,
                Http.get(gw.api() + "/jobs/" + jobId, gw.readOnlyAdminToken()).status());
        assertError(403, "forbidden", Http.get(gw.api() + "/jobs/" + jobId, gw.plainUserToken()));
        GatewayRealm other = GatewayRealm.create(ADMIN, "sync-other");
        assertError(404, "job_not_found", Http.get(other.api() + "/jobs/" + jobId, other.gatewayAdminToken()));
    }

    private static long rows(Database pg, String realmId) {
        return Sql.count(pg, "SELECT COUNT(*) FROM GA_GRANT WHERE REALM_ID = ?", realmId);
    }
}
