package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.OTHER_IDP;
import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Jobs;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.Test;

/**
 * Many writers at once, the way a busy gateway sees them: {@value #THREADS} threads link and
 * unlink users to identity providers, grant and revoke the mapped realm roles (admin API), and
 * re-tie pools to other providers ({@code PUT /pools/{id}}), all on the same users and pools.
 * Every one of those writers runs its grant and membership work after its own commit, so they
 * race each other. Afterwards nothing may have drifted: a dry-run {@code POST /sync} finds nothing
 * to add or remove, every pool's link-derived viewers are exactly the users linked to its final
 * provider, and every gateway group holds exactly the holders of its mapped role. No request
 * may answer a 5xx.
 *
 * <p>The last-admin guard is kept out of the way: {@code gwadmin} stays in the admins group
 * and is never touched, so revoking {@code admin} from a churned user is always allowed.
 */
class ConcurrencyDriftIT extends RealKeycloakTest {

    private static final int THREADS = 8;
    private static final int OPERATIONS_PER_THREAD = 120;
    private static final long MAX_CHURN_MILLIS = 90_000;
    private static final int USERS = 16;
    private static final int POOLS_PER_PROVIDER = 3;
    /** Pools whose provider the workload keeps changing. */
    private static final int MOVING_POOLS = 2;

    private static final String THIRD_IDP = "third-idp";
    private static final List<String> PROVIDERS = List.of(PARTNER_IDP, OTHER_IDP, THIRD_IDP);
    private static final List<String> ROLES = List.of("admin", "admin-read-only", "gateway-user");
    private static final Map<String, String> GROUP_OF_ROLE =
            Map.of("admin", "/Admins", "admin-read-only", "/Read Only Admins", "gateway-user", "/Gateway Users");

    @Test
    void concurrentLinksRolesAndPoolChangesLeaveNoDrift() throws Exception {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "drift");
        ADMIN.createOidcProvider(gw.name(), THIRD_IDP);
        String adminToken = gw.gatewayAdminToken();
        List<String> pools = new ArrayList<>();
        for (String provider : PROVIDERS) {
            for (int i = 0; i < POOLS_PER_PROVIDER; i++) {
                pools.add(gw.createPool(provider + "-" + i, provider));
            }
        }
        List<String> movingPools = new ArrayList<>();
        for (int i = 0; i < MOVING_POOLS; i++) {
            movingPools.add(gw.createPool("moving-" + i, PROVIDERS.get(i)));
        }
        List<String> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(ADMIN.createUser(gw.name(), "churn-" + i));
        }
        Map<String, JsonNode> roles = new HashMap<>();
        ROLES.forEach(r -> roles.put(r, ADMIN.role(gw.name(), r)));
        double failuresBefore = SERVER.metric("gateway_access_link_grant_failures_total");

        Workload workload = new Workload(gw, adminToken, users, movingPools, roles);
        long t0 = System.nanoTime();
        workload.run();
        long churnMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(
                "ConcurrencyDriftIT on %s: %d threads, %d operations in %d ms: %s%n",
                SERVER.database(), THREADS, workload.total(), churnMillis, workload.counts());
        assertTrue(workload.unexpected.isEmpty(), () -> "unexpected answers during the churn: " + workload.unexpected);

        List<String> mismatches = new ArrayList<>();
        Map<String, Set<String>> linksOf = new HashMap<>();
        Map<String, Set<String>> rolesOf = new HashMap<>();
        for (String user : users) {
            linksOf.put(user, links(gw.name(), user));
            rolesOf.put(user, effectiveRoles(gw.name(), user));
        }
        List<String> allPools = new ArrayList<>(pools);
        allPools.addAll(movingPools);
        for (String pool : allPools) {
            mismatches.addAll(viewerMismatches(gw, adminToken, pool, users, linksOf));
        }
        for (String role : ROLES) {
            mismatches.addAll(memberMismatches(gw, role, users, rolesOf));
        }
        assertTrue(
                mismatches.isEmpty(),
                () -> mismatches.size() + " differences from the truth after the churn: " + mismatches);

        JsonNode dryRun = Jobs.runSync(gw, true);
        assertEquals("done", dryRun.get("status").asText(), dryRun::toString);
        assertEquals(
                0, dryRun.get("changes").get("added").asLong(), () -> "a dry-run sync found missing rows: " + dryRun);
        assertEquals(
                0, dryRun.get("changes").get("removed").asLong(), () -> "a dry-run sync found stale rows: " + dryRun);
        assertEquals(
                failuresBefore,
                SERVER.metric("gateway_access_link_grant_failures_total"),
                "no link's grant work failed (and had to wait for the retry) under contention");
    }

    /** The random operations of {@value #THREADS} threads, and what came back that should not have. */
    private static final class Workload {

        private final GatewayRealm gw;
        private final String adminToken;
        private final List<String> users;
        private final List<String> movingPools;
        private final Map<String, JsonNode> roles;
        private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

        Workload(
                GatewayRealm gw,
                String adminToken,
                List<String> users,
                List<String> movingPools,
                Map<String, JsonNode> roles) {
            this.gw = gw;
            this.adminToken = adminToken;
            this.users = users;
            this.movingPools = movingPools;
            this.roles = roles;
        }

        void run() throws Exception {
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            long deadline = System.currentTimeMillis() + MAX_CHURN_MILLIS;
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < OPERATIONS_PER_THREAD && System.currentTimeMillis() < deadline; i++) {
                            step(ThreadLocalRandom.current());
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                threads.shutdownNow();
            }
        }

        /** One random operation: link 35 %, unlink 25 %, grant role 20 %, revoke role 15 %, move a pool 5 %. */
        private void step(ThreadLocalRandom random) {
            String user = users.get(random.nextInt(users.size()));
            String provider = PROVIDERS.get(random.nextInt(PROVIDERS.size()));
            String role = ROLES.get(random.nextInt(ROLES.size()));
            String userUrl = ADMIN.baseUrl() + "/admin/realms/" + gw.name() + "/users/" + user;
            int dice = random.nextInt(100);
            if (dice < 35) {
                // 409: already linked to that provider (another thread was first)
                expect(
                        "link",
                        Http.post(
                                userUrl + "/federated-identity/" + provider,
                                ADMIN.token(),
                                Map.of(
                                        "identityProvider",
                                        provider,
                                        "userId",
                                        "ext-" + user,
                                        "userName",
                                        "ext-" + user)),
                        204,
                        409);
            } else if (dice < 60) {
                // 404: not linked (any more)
                expect("unlink", Http.delete(userUrl + "/federated-identity/" + provider, ADMIN.token()), 204, 404);
            } else if (dice < 80) {
                // 400 "Could not add user role mappings!": Keycloak's own answer when two requests grant the same role
                // to the
                // same user at once (the second INSERT into USER_ROLE_MAPPING hits its primary key); the role is
                // granted.
                Http.Result granted =
                        Http.post(userUrl + "/role-mappings/realm", ADMIN.token(), List.of(roles.get(role)));
                boolean keycloaksOwnRace =
                        granted.status() == 400 && granted.body().contains("Could not add user role mappings");
                expect(
                        keycloaksOwnRace ? "grant role (Keycloak's duplicate-grant race)" : "grant role",
                        granted,
                        204,
                        keycloaksOwnRace ? 400 : 204);
            } else if (dice < 95) {
                expect(
                        "revoke role",
                        Http.send("DELETE", userUrl + "/role-mappings/realm", ADMIN.token(), List.of(roles.get(role))),
                        204,
                        404);
            } else {
                int index = random.nextInt(movingPools.size());
                expect(
                        "move pool",
                        Http.put(
                                gw.api() + "/pools/" + movingPools.get(index),
                                adminToken,
                                GatewayRealm.pool("moving-" + index, provider)),
                        200);
            }
        }

        private void expect(String what, Http.Result r, int... allowed) {
            counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
            for (int status : allowed) {
                if (r.status() == status) {
                    return;
                }
            }
            unexpected.add(what + ": " + r);
        }

        long total() {
            return counts.values().stream().mapToLong(AtomicLong::get).sum();
        }

        Map<String, Long> counts() {
            Map<String, Long> copy = new TreeMap<>();
            counts.forEach((k, v) -> copy.put(k, v.get()));
            return copy;
        }
    }

    /** Differences between a pool's link-derived viewers and the users linked to its provider now. */
    private static List<String> viewerMismatches(
            GatewayRealm gw, String token, String pool, List<String> users, Map<String, Set<String>> linksOf) {
        JsonNode poolJson = Http.get(gw.api() + "/pools/" + pool, token).json();
        String provider = poolJson.path("identityProvider").isTextual()
                ? poolJson.get("identityProvider").asText()
                : null;
        Http.Result viewers = Http.get(gw.api() + "/pools/" + pool + "/viewers", token);
        assertEquals(200, viewers.status(), viewers::toString);
        Map<String, Set<String>> linkSources = new HashMap<>();
        for (JsonNode v : viewers.json()) {
            Set<String> sources = new TreeSet<>();
            v.get("sources").forEach(s -> {
                if (s.get("source").asText().startsWith("identity-provider:")) {
                    sources.add(s.get("source").asText());
                }
            });
            linkSources.put(v.get("principal").asText(), sources);
        }
        List<String> mismatches = new ArrayList<>();
        for (String user : users) {
            Set<String> expected = provider != null && linksOf.get(user).contains(provider)
                    ? Set.of("identity-provider:" + provider)
                    : Set.of();
            Set<String> actual = linkSources.getOrDefault("user:" + user, Set.of());
            if (!expected.equals(actual)) {
                mismatches.add("pool " + poolJson.path("name").asText() + " (" + provider + "), user " + user
                        + ": links " + linksOf.get(user) + ", link sources " + actual);
            }
        }
        return mismatches;
    }

    /** Differences between a role's gateway group (Keycloak membership and the role source) and the role's holders now. */
    private static List<String> memberMismatches(
            GatewayRealm gw, String role, List<String> users, Map<String, Set<String>> rolesOf) {
        String groupId = ADMIN.groupId(gw.name(), GROUP_OF_ROLE.get(role));
        Http.Result members = Http.get(gw.api() + "/groups/" + groupId + "/members", ADMIN.token());
        assertEquals(200, members.status(), members::toString);
        Map<String, Set<String>> sourcesOf = new HashMap<>();
        for (JsonNode m : members.json()) {
            Set<String> sources = new TreeSet<>();
            m.get("sources").forEach(s -> sources.add(s.get("source").asText()));
            sourcesOf.put(m.get("userId").asText(), sources);
        }
        List<String> mismatches = new ArrayList<>();
        for (String user : users) {
            boolean holds = rolesOf.get(user).contains(role);
            Set<String> sources = sourcesOf.getOrDefault(user, Set.of());
            boolean inKeycloakGroup = ADMIN.groupsOf(gw.name(), user).contains(groupId);
            // The churn adds no other source, so the role source alone decides the membership.
            if (holds != sources.contains("role:" + role)
                    || holds != inKeycloakGroup
                    || (!holds && !sources.isEmpty())) {
                mismatches.add("group of " + role + ", user " + user + ": holds role " + holds + ", sources " + sources
                        + ", Keycloak member " + inKeycloakGroup);
            }
        }
        return mismatches;
    }

    private static Set<String> links(String realm, String user) {
        Set<String> aliases = new TreeSet<>();
        ADMIN.links(realm, user)
                .forEach(l -> aliases.add(l.get("identityProvider").asText()));
        return aliases;
    }

    /** Realm roles the user holds now, directly or not (default roles, composites). */
    private static Set<String> effectiveRoles(String realm, String user) {
        Set<String> names = new TreeSet<>();
        Http.get(
                        ADMIN.baseUrl() + "/admin/realms/" + realm + "/users/" + user
                                + "/role-mappings/realm/composite",
                        ADMIN.token())
                .json()
                .forEach(r -> names.add(r.get("name").asText()));
        return names;
    }
}
