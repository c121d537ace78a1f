package org.gatewayaccess.it;

import static org.gatewayaccess.it.support.GatewayRealm.PARTNER_IDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.Jobs;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Users of user federation without import (LDAP, "Import users" off) have ids {@code f:<component>:<external id>},
 * no USER_ENTITY row, and keep their links in Keycloak's federated storage (BROKER_LINK) instead of
 * FEDERATED_IDENTITY. Their links must drive pool grants like anyone else's: on link and unlink, when a pool is
 * created, and in {@code POST /sync}.
 */
class FederatedStorageLinkIT extends RealKeycloakTest {

    private static final String BASE_DN = "dc=example,dc=org";
    private static final String PEOPLE_DN = "ou=people," + BASE_DN;
    private static final String BIND_DN = "cn=Directory Manager";
    private static final String BIND_PASSWORD = "ldap-bind-secret";

    private static InMemoryDirectoryServer ldap;

    private GatewayRealm gw;

    @BeforeAll
    static void startLdap() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
        config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getByName("127.0.0.1"), 0, null));
        ldap = new InMemoryDirectoryServer(config);
        ldap.add("dn: " + BASE_DN, "objectClass: top", "objectClass: domain", "dc: example");
        ldap.add("dn: " + PEOPLE_DN, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
        for (String uid : List.of("fed-alice", "fed-bob", "fed-carol", "fed-dave", "fed-erin")) {
            ldap.add(
                    "dn: uid=" + uid + "," + PEOPLE_DN,
                    "objectClass: top",
                    "objectClass: person",
                    "objectClass: organizationalPerson",
                    "objectClass: inetOrgPerson",
                    "uid: " + uid,
                    "cn: " + uid,
                    "sn: Test",
                    "mail: " + uid + "@example.org");
        }
        ldap.startListening();
    }

    @AfterAll
    static void stopLdap() {
        if (ldap != null) {
            ldap.shutDown(true);
        }
    }

    /** A realm per test, each with its own LDAP component (READ_ONLY, no import) over the same directory. */
    @BeforeEach
    void realm() {
        gw = GatewayRealm.create(ADMIN, "fedlinks");
        String realmId = ADMIN.realm(gw.name()).get("id").asText();
        Map<String, Object> config = Map.ofEntries(
                Map.entry("enabled", List.of("true")),
                Map.entry("priority", List.of("0")),
                Map.entry("vendor", List.of("other")),
                Map.entry("connectionUrl", List.of("ldap://127.0.0.1:" + ldap.getListenPort())),
                Map.entry("authType", List.of("simple")),
                Map.entry("bindDn", List.of(BIND_DN)),
                Map.entry("bindCredential", List.of(BIND_PASSWORD)),
                Map.entry("usersDn", List.of(PEOPLE_DN)),
                Map.entry("searchScope", List.of("1")),
                Map.entry("usernameLDAPAttribute", List.of("uid")),
                Map.entry("rdnLDAPAttribute", List.of("uid")),
                Map.entry("uuidLDAPAttribute", List.of("uid")),
                Map.entry("userObjectClasses", List.of("inetOrgPerson")),
                Map.entry("editMode", List.of("READ_ONLY")),
                Map.entry("importEnabled", List.of("false")),
                Map.entry("syncRegistrations", List.of("false")),
                Map.entry("pagination", List.of("false")),
                Map.entry("connectionPooling", List.of("false")),
                Map.entry("trustEmail", List.of("true")));
        Http.Result created = Http.post(
                SERVER.baseUrl() + "/admin/realms/" + gw.name() + "/components",
                ADMIN.token(),
                Map.of(
                        "name",
                        "ldap",
                        "providerId",
                        "ldap",
                        "providerType",
                        "org.keycloak.storage.UserStorageProvider",
                        "parentId",
                        realmId,
                        "config",
                        config));
        assertEquals(201, created.status(), created::toString);
    }

    @Test
    void linkAndUnlinkOfAFederatedUserGrantAndRevokeView() {
        String pool = gw.createPool("fed", PARTNER_IDP);
        String user = federatedUser("fed-alice");

        ADMIN.link(gw.name(), user, PARTNER_IDP);
        assertEquals(List.of("user:" + user), gw.viewerPrincipals(pool));

        ADMIN.unlink(gw.name(), user, PARTNER_IDP);
        assertEquals(List.of(), gw.viewerPrincipals(pool));
    }

    @Test
    void aPoolCreatedAfterTheLinkGrantsTheFederatedUser() {
        String user = federatedUser("fed-bob");
        ADMIN.link(gw.name(), user, PARTNER_IDP);
        String pool = gw.createPool("later", PARTNER_IDP);
        assertEquals(List.of("user:" + user), gw.viewerPrincipals(pool));
    }

    @Test
    void syncSeesFederatedLinksAndRestoresADeletedGrant() {
        String user = federatedUser("fed-carol");
        String local = ADMIN.createUser(gw.name(), "local-linked");
        String pool = gw.createPool("synced", PARTNER_IDP);
        ADMIN.link(gw.name(), user, PARTNER_IDP);
        ADMIN.link(gw.name(), local, PARTNER_IDP);
        assertEquals(
                List.of("user:" + local, "user:" + user).stream().sorted().toList(),
                gw.viewerPrincipals(pool).stream().sorted().toList());

        JsonNode dry = Jobs.runSync(gw, true);
        assertEquals("done", dry.get("status").asText(), dry::toString);
        assertEquals(0, dry.get("changes").get("added").asLong(), dry::toString);
        assertEquals(
                0,
                dry.get("changes").get("removed").asLong(),
                "sync must not take the federated user's grant for stale: " + dry);

        String realmId = ADMIN.realm(gw.name()).get("id").asText();
        assertEquals(
                1,
                Sql.update(SERVER.db(), "DELETE FROM GA_GRANT WHERE REALM_ID = ? AND PRINCIPAL_ID = ?", realmId, user));
        assertFalse(gw.viewerPrincipals(pool).contains("user:" + user));

        JsonNode real = Jobs.runSync(gw, false);
        assertEquals("done", real.get("status").asText(), real::toString);
        assertEquals(1, real.get("changes").get("added").asLong(), real::toString);
        assertEquals(0, real.get("changes").get("removed").asLong(), real::toString);
        assertTrue(gw.viewerPrincipals(pool).contains("user:" + user));
    }

    /**
     * Keycloak refuses group membership to a user of LDAP without import (ReadOnlyException; in WRITABLE mode too, with
     * no group mapper): an identityProviderMappings entry for the provider cannot put the user in its group, but must not
     * cost the user the pool grant either (both are written in one transaction), nor leave a source row for a membership
     * that does not exist.
     */
    @Test
    void aProviderMappingKeycloakCannotApplyDoesNotCostTheFederatedUserItsGrant() {
        String token = gw.gatewayAdminToken();
        String partners = ADMIN.createGroup(gw.name(), "Partners");
        Http.Result current = Http.get(gw.api() + "/config", token);
        assertEquals(200, current.status(), current::toString);
        JsonNode config = current.json();
        ((com.fasterxml.jackson.databind.node.ArrayNode) config.get("identityProviderMappings"))
                .addObject()
                .put("identityProvider", PARTNER_IDP)
                .put("group", "/Partners");
        Http.Result saved =
                Http.put(gw.api() + "/config", ADMIN.token(), config); // a new mapping target: Keycloak admins only
        assertEquals(200, saved.status(), saved::toString);
        String pool = gw.createPool("mapped", PARTNER_IDP);
        String user = federatedUser("fed-erin");

        ADMIN.link(gw.name(), user, PARTNER_IDP);
        assertEquals(List.of("user:" + user), gw.viewerPrincipals(pool));
        assertFalse(ADMIN.groupsOf(gw.name(), user).contains(partners));
        assertEquals(0, Sql.count(SERVER.db(), "SELECT COUNT(*) FROM GA_MEMBERSHIP WHERE USER_ID = ?", user));
        for (boolean dryRun : new boolean[] {true, false}) {
            JsonNode job = Jobs.runSync(gw, dryRun);
            assertEquals("done", job.get("status").asText(), job::toString);
            assertEquals(
                    0,
                    job.get("changes").get("added").asLong()
                            + job.get("changes").get("removed").asLong(),
                    job::toString);
        }

        ADMIN.unlink(gw.name(), user, PARTNER_IDP);
        assertEquals(List.of(), gw.viewerPrincipals(pool));
    }

    /**
     * Deleting such a user in Keycloak (READ_ONLY: the LDAP entry stays, Keycloak forgets its own data, links included)
     * publishes UserRemovedEvent with the f: id: the grants go with it, as for a local user.
     */
    @Test
    void deletingAFederatedUserRemovesItsGrants() {
        String user = federatedUser("fed-dave");
        String pool = gw.createPool("deleted", PARTNER_IDP);
        ADMIN.link(gw.name(), user, PARTNER_IDP);
        assertEquals(List.of("user:" + user), gw.viewerPrincipals(pool));

        ADMIN.deleteUser(gw.name(), user);
        String realmId = ADMIN.realm(gw.name()).get("id").asText();
        assertEquals(
                0,
                Sql.count(
                        SERVER.db(),
                        "SELECT COUNT(*) FROM GA_GRANT WHERE REALM_ID = ? AND PRINCIPAL_ID = ?",
                        realmId,
                        user));
        assertEquals(List.of(), gw.viewerPrincipals(pool));
    }

    /** The user as Keycloak serves it from LDAP: not imported, so its id is a federated-storage id. */
    private String federatedUser(String username) {
        String id = ADMIN.userId(gw.name(), username);
        assertTrue(id.startsWith("f:"), () -> "a user of federation without import has an f: id, not " + id);
        return id;
    }
}
