package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.OTHER_IDP;
import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gatewayaccess.it.support.BrowserSession;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Jobs;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.Test;

/**
 * A seeded storm of everything that changes who should hold what, one operation at a time (so a seed always replays
 * the same storm: {@code -Dit.storm.seed=…}, printed with the run), with real syncs in between: links and unlinks;
 * realm roles granted and revoked directly, through a group ({@code Staff}) whose role mappings change, and through a
 * composite ({@code staff-bundle}) whose composites change — the last two fire no per-user event; sources added and
 * removed by an admin ({@code PUT/DELETE /groups/{g}/members/{u}}); self-registered pending users activated; users
 * deleted; role and provider mappings switched on and off ({@code PUT /config}); pools re-tied to other providers.
 * <p>
 * Afterwards one dry run, one sync and another dry run: the sync does what the dry run said, its {@code changes} are
 * exactly the rows it changed, and the dry run after it finds nothing (0 added, 0 removed, 0 kept: {@code gwadmin}
 * stays in the admins group, so the last-admin guard never keeps anything here; {@code SyncIT} covers {@code kept}).
 * Finally the link-derived GA_GRANT rows, every GA_MEMBERSHIP row and the gateway groups' Keycloak members equal what
 * this test computes on its own from Keycloak's links, effective roles and the mappings it set, plus the admin sources
 * it added.
 */
class SyncStormIT extends RealKeycloakTest {

    private static final long SEED = Long.getLong("it.storm.seed", 20261201L);
    private static final int OPERATIONS = 400;
    private static final int STORM_USERS = 16;
    private static final int PENDING_USERS = 5;
    private static final int MIN_USERS = 8;
    private static final List<String> PROVIDERS = List.of(PARTNER_IDP, OTHER_IDP);
    private static final List<String> DIRECT_ROLES =
            List.of("gateway-user", "admin-read-only", "admin", "researcher", "staff-bundle");
    private static final List<String> STAFF_ROLES =
            List.of("gateway-user", "admin-read-only", "researcher", "staff-bundle");
    private static final Map<String, String> DEFAULT_MAPPINGS =
            Map.of("admin", "/Admins", "admin-read-only", "/Read Only Admins", "gateway-user", "/Gateway Users");
    private static final List<String> ADMIN_SOURCE_GROUPS = List.of("/Admins", "/Read Only Admins", "/Gateway Users");

    private GatewayRealm gw;
    private String realmUrl;
    private final Random random = new Random(SEED);
    private final Map<String, String> groupIds = new HashMap<>();
    /** Users the storm works on (storm users, and pending users once activated). */
    private final List<String> users = new ArrayList<>();

    private final List<String> pending = new ArrayList<>();
    private final List<String> pools = new ArrayList<>();
    /** (group path, user id) pairs the test gave source admin (and has not taken it back). */
    private final Set<List<String>> adminSources = new HashSet<>();

    private boolean researcherMapped = true;
    private boolean partnersMapped = true;
    private final Map<String, Integer> counts = new TreeMap<>();
    private final List<String> unexpected = new ArrayList<>();

    @Test
    void aSeededStormThenOneSyncLeavesExactlyWhatLinksRolesAndMappingsImply() {
        long t0 = System.nanoTime();
        setUp();
        String realmId = ADMIN.realm(gw.name()).get("id").asText();
        Set<String> otherGrantsBefore = rows(
                "SELECT RESOURCE_ID, PRINCIPAL_TYPE, PRINCIPAL_ID, PERMISSION, SOURCE FROM GA_GRANT"
                        + " WHERE REALM_ID = ? AND SOURCE NOT LIKE 'identity-provider:%'",
                realmId);
        long setUpMillis = (System.nanoTime() - t0) / 1_000_000;

        long t1 = System.nanoTime();
        for (int i = 0; i < OPERATIONS; i++) {
            step();
        }
        long stormMillis = (System.nanoTime() - t1) / 1_000_000;
        assertTrue(
                unexpected.isEmpty(), () -> "unexpected answers during the storm (seed " + SEED + "): " + unexpected);

        // Rows lost or written straight in the database, which no event reports (so the sync surely has work): every
        // link-derived grant and the Gateway Users group's role sources are gone, and a source no mapping writes
        // appears.
        int lostGrants = Sql.update(
                SERVER.db(), "DELETE FROM GA_GRANT WHERE REALM_ID = ? AND SOURCE LIKE 'identity-provider:%'", realmId);
        int lostSources = Sql.update(
                SERVER.db(),
                "DELETE FROM GA_MEMBERSHIP WHERE REALM_ID = ? AND GROUP_ID = ? AND SOURCE LIKE 'role:%'",
                realmId,
                groupIds.get("/Gateway Users"));
        Sql.update(
                SERVER.db(),
                "INSERT INTO GA_MEMBERSHIP (GROUP_ID, USER_ID, SOURCE, REALM_ID, GRANTED_BY, GRANTED_AT)"
                        + " VALUES (?, ?, 'role:no-such-role', ?, NULL, 0)",
                groupIds.get("/Gateway Users"),
                users.get(0),
                realmId);
        long t2 = System.nanoTime();
        Set<String> before = changedRows(realmId);
        JsonNode predicted = Jobs.runSync(gw, true);
        JsonNode sync = Jobs.runSync(gw, false);
        Set<String> after = changedRows(realmId);
        JsonNode again = Jobs.runSync(gw, true);
        long syncMillis = (System.nanoTime() - t2) / 1_000_000;
        System.out.printf(
                "SyncStormIT on %s: seed %d, %d operations %s; set-up %d ms, storm %d ms, dry run + sync + dry run %d ms;"
                        + " deleted in the database: %d link grants, %d role sources, 1 stale source added; sync changes %s%n",
                SERVER.database(),
                SEED,
                OPERATIONS,
                counts,
                setUpMillis,
                stormMillis,
                syncMillis,
                lostGrants,
                lostSources,
                sync.get("changes"));

        assertEquals("done", sync.get("status").asText(), sync::toString);
        assertEquals(
                predicted.get("changes"),
                sync.get("changes"),
                () -> "the sync did what its dry run said: " + predicted + " / " + sync);
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        assertTrue(
                added.size() >= lostGrants + lostSources && removed.size() >= 1,
                () -> "the sync repaired the database: " + sync);
        assertEquals(
                added.size(), sync.get("changes").get("added").asLong(), () -> "rows added: " + added + " job " + sync);
        assertEquals(
                removed.size(),
                sync.get("changes").get("removed").asLong(),
                () -> "rows removed: " + removed + " job " + sync);
        assertEquals(
                Map.of("added", 0L, "removed", 0L, "kept", 0L),
                RealmBoundBackgroundIT.changes(again),
                () -> "a dry run right after the sync (seed " + SEED + "): " + again);

        Truth truth = truth();
        assertEquals(
                truth.memberships,
                rows("SELECT GROUP_ID, USER_ID, SOURCE FROM GA_MEMBERSHIP WHERE REALM_ID = ?", realmId),
                "GA_MEMBERSHIP (group|user|source) is what links, roles, mappings and admin sources imply (seed " + SEED
                        + ")");
        assertEquals(
                truth.linkGrants,
                rows(
                        "SELECT RESOURCE_ID, PRINCIPAL_ID, PERMISSION, SOURCE FROM GA_GRANT WHERE REALM_ID = ?"
                                + " AND SOURCE LIKE 'identity-provider:%'",
                        realmId),
                "link-derived GA_GRANT rows (seed " + SEED + ")");
        for (Map.Entry<String, Set<String>> group : truth.members.entrySet()) {
            assertEquals(
                    group.getValue(),
                    keycloakMembers(group.getKey()),
                    "Keycloak members of " + group.getKey() + " (seed " + SEED + ")");
        }
        Set<String> otherGrantsAfter = rows(
                "SELECT RESOURCE_ID, PRINCIPAL_TYPE, PRINCIPAL_ID, PERMISSION, SOURCE FROM GA_GRANT"
                        + " WHERE REALM_ID = ? AND SOURCE NOT LIKE 'identity-provider:%'",
                realmId);
        assertEquals(otherGrantsBefore, otherGrantsAfter, "no other grant source was touched");
    }

    // ---- the storm ----

    private void setUp() {
        gw = GatewayRealm.create(ADMIN, "storm");
        realmUrl = SERVER.baseUrl() + "/admin/realms/" + gw.name();
        assertEquals(
                204,
                Http.put(realmUrl, ADMIN.token(), Map.of("registrationAllowed", true))
                        .status());
        ADMIN.createRole(gw.name(), "researcher");
        ADMIN.createRole(gw.name(), "staff-bundle", "gateway-user");
        for (String name : List.of("Staff", "Researchers", "Partners")) {
            ADMIN.createGroup(gw.name(), name);
        }
        for (String path :
                List.of("/Admins", "/Read Only Admins", "/Gateway Users", "/Staff", "/Researchers", "/Partners")) {
            groupIds.put(path, ADMIN.groupId(gw.name(), path));
        }
        // what GatewayRealm imports: gwadmin in Admins, reader in Read Only Admins (adopted with source admin)
        adminSources.add(List.of("/Admins", gw.userId("gwadmin")));
        adminSources.add(List.of("/Read Only Admins", gw.userId("reader")));
        putConfig(true);
        expectDone("sync after configuring", Jobs.runSync(gw, false));
        for (String provider : List.of(PARTNER_IDP, PARTNER_IDP, OTHER_IDP)) {
            pools.add(gw.createPool("storm-" + pools.size(), provider));
        }
        pools.add(gw.createPool("storm-untied", null));
        for (int i = 0; i < STORM_USERS; i++) {
            users.add(ADMIN.createUser(gw.name(), "storm-" + i));
        }
        for (int i = 0; i < PENDING_USERS; i++) {
            pending.add(register("pending-" + i));
        }
        JsonNode listed = Http.get(gw.api() + "/users/pending", ADMIN.token()).json();
        assertEquals(PENDING_USERS, listed.size(), listed::toString);
    }

    /**
     * One operation by the seeded dice: link 18 %, unlink 10 %, role grant 14 %, revoke 10 %, Staff join/leave 8 %,
     * Staff's roles 5 %, composite 4 %, admin source 10 %, activate 3 %, delete 3 %, mappings 3 %, re-tie a pool 9 %,
     * sync (a quarter of them dry runs) 3 %.
     */
    private void step() {
        String user = users.get(random.nextInt(users.size()));
        String userUrl = realmUrl + "/users/" + user;
        String provider = PROVIDERS.get(random.nextInt(PROVIDERS.size()));
        int dice = random.nextInt(100);
        if (dice < 18) {
            expect(
                    "link",
                    Http.post(
                            userUrl + "/federated-identity/" + provider,
                            ADMIN.token(),
                            Map.of("identityProvider", provider, "userId", "ext-" + user, "userName", "ext-" + user)),
                    204,
                    409);
        } else if (dice < 28) {
            expect("unlink", Http.delete(userUrl + "/federated-identity/" + provider, ADMIN.token()), 204, 404);
        } else if (dice < 42) {
            String role = pick(DIRECT_ROLES);
            expect(
                    "grant role",
                    Http.post(userUrl + "/role-mappings/realm", ADMIN.token(), List.of(ADMIN.role(gw.name(), role))),
                    204);
        } else if (dice < 52) {
            String role = pick(DIRECT_ROLES);
            expect(
                    "revoke role",
                    Http.send(
                            "DELETE",
                            userUrl + "/role-mappings/realm",
                            ADMIN.token(),
                            List.of(ADMIN.role(gw.name(), role))),
                    204,
                    404);
        } else if (dice < 60) {
            if (random.nextBoolean()) {
                expect("join Staff", ADMIN.joinGroup(gw.name(), user, groupIds.get("/Staff")), 204);
            } else {
                expect("leave Staff", ADMIN.leaveGroup(gw.name(), user, groupIds.get("/Staff")), 204, 404);
            }
        } else if (dice < 65) {
            String role = pick(STAFF_ROLES);
            String url = realmUrl + "/groups/" + groupIds.get("/Staff") + "/role-mappings/realm";
            List<JsonNode> body = List.of(ADMIN.role(gw.name(), role));
            if (random.nextBoolean()) {
                expect("grant role to Staff", Http.post(url, ADMIN.token(), body), 204);
            } else {
                expect("revoke role from Staff", Http.send("DELETE", url, ADMIN.token(), body), 204, 404);
            }
        } else if (dice < 69) {
            String url = realmUrl + "/roles/staff-bundle/composites";
            List<JsonNode> body = List.of(ADMIN.role(gw.name(), "researcher"));
            if (random.nextBoolean()) {
                expect("add researcher to staff-bundle", Http.post(url, ADMIN.token(), body), 204);
            } else {
                expect("remove researcher from staff-bundle", Http.send("DELETE", url, ADMIN.token(), body), 204, 404);
            }
        } else if (dice < 79) {
            String path = pick(ADMIN_SOURCE_GROUPS);
            String url = gw.api() + "/groups/" + groupIds.get(path) + "/members/" + user;
            List<String> pair = List.of(path, user);
            if (adminSources.contains(pair) && random.nextBoolean()) {
                expect("admin removes source admin", Http.delete(url, ADMIN.token()), 200);
                adminSources.remove(pair);
            } else {
                expect("admin adds source admin", Http.put(url, ADMIN.token(), null), 204);
                adminSources.add(pair);
            }
        } else if (dice < 82) {
            if (pending.isEmpty()) {
                count("activate (none pending)");
                return;
            }
            String activated = pending.remove(0);
            expect(
                    "activate pending user",
                    Http.post(
                            gw.api() + "/users/" + activated + "/activate",
                            ADMIN.token(),
                            Map.of("role", random.nextBoolean() ? "gateway-user" : "admin-read-only")),
                    204);
            users.add(activated);
        } else if (dice < 85) {
            if (users.size() <= MIN_USERS) {
                count("delete user (too few left)");
                return;
            }
            expect("delete user", Http.delete(userUrl, ADMIN.token()), 204);
            users.remove(user);
            adminSources.removeIf(pair -> pair.get(1).equals(user));
        } else if (dice < 88) {
            if (random.nextBoolean()) {
                researcherMapped = !researcherMapped;
            } else {
                partnersMapped = !partnersMapped;
            }
            putConfig(false);
            // a changed mapping starts a sync: wait for it (POST /sync answers the running one), so the storm stays
            // replayable
            expectDone("sync after a mapping change", Jobs.runSync(gw, false));
        } else if (dice < 97) {
            int index = random.nextInt(pools.size());
            String tied = random.nextInt(3) == 0 ? null : provider;
            expect(
                    "re-tie pool",
                    Http.put(
                            gw.api() + "/pools/" + pools.get(index),
                            ADMIN.token(),
                            GatewayRealm.pool(
                                    "storm-" + (index == pools.size() - 1 ? "untied" : String.valueOf(index)), tied)),
                    200);
        } else {
            expectDone("sync in the storm", Jobs.runSync(gw, random.nextInt(4) == 0));
        }
    }

    private void putConfig(boolean first) {
        JsonNode current = Http.get(gw.api() + "/config", ADMIN.token()).json();
        ObjectNode config = current.deepCopy();
        ArrayNode roleMappings = config.putArray("roleMappings");
        DEFAULT_MAPPINGS.forEach((role, group) ->
                roleMappings.addObject().put("role", role).put("group", group).put("mode", "sync"));
        if (researcherMapped) {
            roleMappings
                    .addObject()
                    .put("role", "researcher")
                    .put("group", "/Researchers")
                    .put("mode", "sync");
        }
        ArrayNode providerMappings = config.putArray("identityProviderMappings");
        if (partnersMapped) {
            providerMappings.addObject().put("identityProvider", PARTNER_IDP).put("group", "/Partners");
        }
        if (first) {
            ((ObjectNode) config.get("pendingApproval")).put("enabled", true);
        }
        expect(first ? "configure" : "change mappings", Http.put(gw.api() + "/config", ADMIN.token(), config), 200);
    }

    /** Self-registration, which makes the user pending (pendingApproval on for every self-registration). */
    private String register(String username) {
        BrowserSession browser = new BrowserSession();
        String params = "response_type=code&client_id=" + GatewayRealm.WEB_CLIENT + "&scope=openid&redirect_uri="
                + URLEncoder.encode(GatewayRealm.WEB_REDIRECT, StandardCharsets.UTF_8);
        BrowserSession.Page form = browser.open(
                gw.realmUrl() + "/protocol/openid-connect/registrations?" + params, GatewayRealm.WEB_REDIRECT);
        browser.submit(
                form.form("kc-register-form"),
                Map.of(
                        "username",
                        username,
                        "email",
                        username + "@example.org",
                        "firstName",
                        "Pending",
                        "lastName",
                        "User",
                        "password",
                        GatewayRealm.PASSWORD,
                        "password-confirm",
                        GatewayRealm.PASSWORD),
                GatewayRealm.WEB_REDIRECT);
        return gw.userId(username);
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private void count(String what) {
        counts.merge(what, 1, Integer::sum);
    }

    private void expect(String what, Http.Result r, int... allowed) {
        count(what);
        for (int status : allowed) {
            if (r.status() == status) {
                return;
            }
        }
        unexpected.add(what + ": " + r);
    }

    private void expectDone(String what, JsonNode job) {
        count(what);
        if (!"done".equals(job.get("status").asText())) {
            unexpected.add(what + ": " + job);
        }
    }

    // ---- the truth, computed from Keycloak and the test's own inputs ----

    private record Truth(Set<String> memberships, Set<String> linkGrants, Map<String, Set<String>> members) {}

    private Truth truth() {
        Map<String, String> roleMappings = new LinkedHashMap<>(DEFAULT_MAPPINGS);
        if (researcherMapped) {
            roleMappings.put("researcher", "/Researchers");
        }
        Map<String, String> providerMappings = partnersMapped ? Map.of(PARTNER_IDP, "/Partners") : Map.of();
        Set<String> memberships = new TreeSet<>();
        Map<String, Set<String>> linked = new HashMap<>();
        for (JsonNode u : Http.get(realmUrl + "/users?briefRepresentation=true&max=10000", ADMIN.token())
                .json()) {
            String user = u.get("id").asText();
            Set<String> links = new TreeSet<>();
            ADMIN.links(gw.name(), user)
                    .forEach(l -> links.add(l.get("identityProvider").asText()));
            Set<String> roles = new TreeSet<>();
            Http.get(realmUrl + "/users/" + user + "/role-mappings/realm/composite", ADMIN.token())
                    .json()
                    .forEach(r -> roles.add(r.get("name").asText()));
            roleMappings.forEach((role, group) -> {
                if (roles.contains(role)) {
                    memberships.add(groupIds.get(group) + "|" + user + "|role:" + role);
                }
            });
            providerMappings.forEach((alias, group) -> {
                if (links.contains(alias)) {
                    memberships.add(groupIds.get(group) + "|" + user + "|identity-provider:" + alias);
                }
            });
            links.forEach(
                    alias -> linked.computeIfAbsent(alias, a -> new TreeSet<>()).add(user));
        }
        adminSources.forEach(pair -> memberships.add(groupIds.get(pair.get(0)) + "|" + pair.get(1) + "|admin"));
        Set<String> linkGrants = new TreeSet<>();
        for (JsonNode pool : Http.get(gw.api() + "/pools", ADMIN.token()).json()) {
            JsonNode alias = pool.get("identityProvider");
            if (alias != null && alias.isTextual()) {
                for (String user : linked.getOrDefault(alias.asText(), Set.of())) {
                    linkGrants.add(pool.get("id").asText() + "|" + user + "|view|identity-provider:" + alias.asText());
                }
            }
        }
        Map<String, Set<String>> members = new TreeMap<>();
        for (String path : List.of("/Admins", "/Read Only Admins", "/Gateway Users", "/Researchers", "/Partners")) {
            Set<String> expected = new TreeSet<>();
            String prefix = groupIds.get(path) + "|";
            memberships.stream()
                    .filter(row -> row.startsWith(prefix))
                    .forEach(row -> expected.add(row.split("\\|")[1]));
            members.put(path, expected);
        }
        return new Truth(memberships, linkGrants, members);
    }

    private Set<String> keycloakMembers(String path) {
        Set<String> ids = new TreeSet<>();
        Http.get(
                        realmUrl + "/groups/" + groupIds.get(path) + "/members?briefRepresentation=true&max=10000",
                        ADMIN.token())
                .json()
                .forEach(m -> ids.add(m.get("id").asText()));
        return ids;
    }

    /** The rows a sync may change: link-derived grants and membership sources, as text. */
    private Set<String> changedRows(String realmId) {
        Set<String> rows = new TreeSet<>();
        rows(
                        "SELECT RESOURCE_ID, PRINCIPAL_ID, PERMISSION, SOURCE FROM GA_GRANT WHERE REALM_ID = ? AND SOURCE LIKE 'identity-provider:%'",
                        realmId)
                .forEach(r -> rows.add("grant|" + r));
        rows("SELECT GROUP_ID, USER_ID, SOURCE FROM GA_MEMBERSHIP WHERE REALM_ID = ?", realmId)
                .forEach(r -> rows.add("membership|" + r));
        return rows;
    }

    private static Set<String> rows(String sql, Object... params) {
        Set<String> rows = new TreeSet<>();
        Sql.rows(SERVER.db(), sql, params).forEach(r -> rows.add(String.join("|", r)));
        return rows;
    }

    static {
        System.out.println(
                "SyncStormIT seed " + SEED + " (" + Instant.now() + "); repeat with -Dit.storm.seed=" + SEED);
    }
}
