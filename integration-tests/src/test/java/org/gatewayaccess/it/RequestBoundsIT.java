package org.gatewayaccess.it;

import static org.gatewayaccess.it.AuthorizationIT.ok;
import static org.gatewayaccess.it.AuthorizationIT.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Members;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bounded work per request (issue 16, item 3): each limit is documented in the "Limits" table of docs/api.md, and each test
 * here goes one past it. Large data is written with SQL (JDBC batches), not by thousands of HTTP calls.
 */
class RequestBoundsIT extends RealKeycloakTest {

    /** docs/api.md, "Limits": {@code GET /me} lists at most 100 ids per resource type and 1000 in all. */
    private static final int ME_PER_TYPE = 100;

    private static final int ME_TOTAL = 1000;
    /** docs/api.md, "Limits": the default of {@code max-resources-per-user}. */
    private static final int QUOTA = 10_000;

    private GatewayRealm gw;
    private String realmId;

    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "bounds");
        realmId = ADMIN.realm(gw.name()).get("id").asText();
    }

    /** The seeded thousands of rows go with the realm: later tests that read every GA_ row (FuzzIT) stay fast. */
    @AfterEach
    void dropRealm() {
        ADMIN.deleteRealm(gw.name());
        ADMIN.deleteRealm(gw.partnerName());
    }

    @Test
    void meListsAtMostAHundredIdsPerTypeAndSaysWhichTypesWereCut() {
        String plain = gw.userId("plain");
        grant(plain, "dataset", ME_PER_TYPE + 1, "manage");
        grant(plain, "notebook", 3, "view");

        JsonNode me = ok(Http.get(gw.api() + "/me", gw.plainUserToken()));
        assertEquals(ME_PER_TYPE, me.get("resources").get("dataset").size(), "one past the limit per type is cut");
        assertEquals(
                List.of("view", "edit", "manage"),
                strings(me.get("resources").get("dataset").get(id("dataset", 0))));
        assertFalse(
                me.get("resources").get("dataset").has(id("dataset", ME_PER_TYPE)),
                "the first ids in id order are kept");
        assertEquals(3, me.get("resources").get("notebook").size(), "another type is complete");
        assertTrue(me.get("truncated").asBoolean(), me::toString);
        assertEquals(List.of("dataset"), strings(me.get("truncatedTypes")));

        // where the rest is: the paged list, which holds every one of them
        JsonNode page = ok(Http.get(gw.api() + "/resources/dataset?permission=manage&max=1000", gw.plainUserToken()));
        assertEquals(ME_PER_TYPE + 1, page.get("ids").size());
    }

    @Test
    void meListsAtMostAThousandIdsInAll() {
        String plain = gw.userId("plain");
        for (int t = 0; t < ME_TOTAL / ME_PER_TYPE; t++) {
            grant(plain, "type-" + t, ME_PER_TYPE, "view");
        }
        JsonNode full = ok(Http.get(gw.api() + "/me", gw.plainUserToken()));
        assertEquals(ME_TOTAL, listed(full), "exactly the limit: all listed");
        assertFalse(full.get("truncated").asBoolean(), full::toString);
        assertEquals(0, full.get("truncatedTypes").size());

        grant(plain, "type-z", 1, "view"); // one past the overall limit
        JsonNode cut = ok(Http.get(gw.api() + "/me", gw.plainUserToken()));
        assertEquals(ME_TOTAL, listed(cut));
        assertTrue(cut.get("truncated").asBoolean(), cut::toString);
        assertEquals(List.of("type-z"), strings(cut.get("truncatedTypes")));
        assertTrue(
                ok(Http.get(gw.api() + "/me", gw.gatewayAdminToken()))
                        .get("resources")
                        .isObject(),
                "an admin's /me works too");
    }

    @Test
    void pendingUsersArePagedLikeTheMemberLists() {
        int users = 1001; // one past the default page
        List<Object[]> accounts = new ArrayList<>();
        List<Object[]> pending = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < users; i++) {
            String id = UUID.randomUUID().toString();
            accounts.add(new Object[] {id, id, false, true, realmId, String.format("pending-%04d", i), now, 0});
            pending.add(new Object[] {realmId, id, null, now + i});
        }
        Sql.batch(
                SERVER.db(),
                "INSERT INTO USER_ENTITY (ID, EMAIL_CONSTRAINT, EMAIL_VERIFIED, ENABLED, REALM_ID, USERNAME,"
                        + " CREATED_TIMESTAMP, NOT_BEFORE) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                accounts);
        Sql.batch(
                SERVER.db(),
                "INSERT INTO GA_PENDING_USER (REALM_ID, USER_ID, IDENTITY_PROVIDER, CREATED_AT) VALUES (?, ?, ?, ?)",
                pending);

        String token = gw.readOnlyAdminToken();
        JsonNode first = ok(Http.get(gw.api() + "/users/pending", token));
        assertEquals(1000, first.size(), "default max 1000");
        assertEquals("pending-0000", first.get(0).get("username").asText(), "oldest first");
        JsonNode rest = ok(Http.get(gw.api() + "/users/pending?first=1000", token));
        assertEquals(1, rest.size());
        assertEquals("pending-1000", rest.get(0).get("username").asText());
        assertEquals(
                2,
                ok(Http.get(gw.api() + "/users/pending?first=10&max=2", token)).size());
        assertEquals(
                users,
                ok(Http.get(gw.api() + "/users/pending?max=10000", token)).size());
        assertError(400, "invalid_value", Http.get(gw.api() + "/users/pending?max=10001", token));
        assertError(400, "invalid_value", Http.get(gw.api() + "/users/pending?max=0", token));
        assertError(400, "invalid_value", Http.get(gw.api() + "/users/pending?first=-1", token));
    }

    @Test
    void aUserRegistersAtMostTenThousandResources() {
        String plain = gw.userId("plain");
        // QUOTA - 1 registrations of plain's, as registration writes them: the resource and plain's seed manage grant
        List<Object[]> resources = new ArrayList<>();
        List<Object[]> grants = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < QUOTA - 1; i++) {
            resources.add(new Object[] {realmId, "dataset", id("dataset", i), plain, now});
            grants.add(
                    new Object[] {realmId, "dataset", id("dataset", i), "user", plain, "manage", "seed", plain, now});
        }
        Sql.batch(
                SERVER.db(),
                "INSERT INTO GA_RESOURCE (REALM_ID, RESOURCE_TYPE, RESOURCE_ID, CREATED_BY, CREATED_AT) VALUES (?, ?, ?, ?, ?)",
                resources);
        Sql.batch(
                SERVER.db(),
                "INSERT INTO GA_GRANT (REALM_ID, RESOURCE_TYPE, RESOURCE_ID, PRINCIPAL_TYPE, PRINCIPAL_ID, PERMISSION,"
                        + " SOURCE, GRANTED_BY, GRANTED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                grants);

        String token = gw.plainUserToken();
        assertEquals(
                201,
                Http.put(gw.api() + "/resources/notebook/the-last-one", token, null)
                        .status(),
                "the quota-th one");
        int eventsBefore = Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_RESOURCE", "CREATE")
                .size();
        JsonNode refused = assertError(
                403, "resource_quota_exceeded", Http.put(gw.api() + "/resources/notebook/one-too-many", token, null));
        assertTrue(refused.get("errorMessage").asText().contains("10000"), refused::toString);
        assertError(404, "resource_not_found", Http.get(gw.api() + "/resources/notebook/one-too-many", token));
        assertEquals(
                eventsBefore,
                Members.adminEvents(ADMIN, gw.name(), "GATEWAY_ACCESS_RESOURCE", "CREATE")
                        .size(),
                "nothing recorded");
        assertEquals(
                200,
                Http.put(gw.api() + "/resources/notebook/the-last-one", token, null)
                        .status(),
                "registering one that exists is no new registration");

        // other users have a quota of their own; deleting one of plain's makes room again
        assertEquals(
                201,
                Http.put(gw.api() + "/resources/notebook/someone-elses", gw.gatewayAdminToken(), null)
                        .status());
        assertEquals(
                204,
                Http.delete(gw.api() + "/resources/notebook/the-last-one", token)
                        .status());
        assertEquals(
                201,
                Http.put(gw.api() + "/resources/notebook/one-too-many", token, null)
                        .status());
    }

    private void grant(String userId, String type, int count, String permission) {
        List<Object[]> rows = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {realmId, type, id(type, i), "user", userId, permission, "admin", null, now});
        }
        Sql.batch(
                SERVER.db(),
                "INSERT INTO GA_GRANT (REALM_ID, RESOURCE_TYPE, RESOURCE_ID, PRINCIPAL_TYPE, PRINCIPAL_ID, PERMISSION,"
                        + " SOURCE, GRANTED_BY, GRANTED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
    }

    private static String id(String type, int n) {
        return String.format("%s-%05d", type, n);
    }

    private static int listed(JsonNode me) {
        int n = 0;
        for (JsonNode ids : me.get("resources")) {
            n += ids.size();
        }
        return n;
    }
}
