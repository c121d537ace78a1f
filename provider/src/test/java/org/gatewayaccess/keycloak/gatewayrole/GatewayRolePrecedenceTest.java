package org.gatewayaccess.keycloak.gatewayrole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.config.GatewayConfig.Mode;
import org.gatewayaccess.keycloak.config.GatewayConfig.RoleMapping;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.junit.jupiter.api.Test;

/** Which gateway role wins (the configured order) and what replacing it revokes and removes. */
class GatewayRolePrecedenceTest {

    /** Highest first, as in a configuration's {@code gatewayRoles}. */
    private static final List<String> ORDER = List.of("gateway-admin", "gateway-readonly-admin", "gateway-user");

    /** The default mappings: each role to its system group. */
    private static final List<RoleMapping> MAPPINGS = List.of(
            new RoleMapping("gateway-admin", "admins", Mode.SYNC),
            new RoleMapping("gateway-readonly-admin", "readonly", Mode.SYNC),
            new RoleMapping("gateway-user", "users", Mode.SYNC));

    private record Row(String groupId, String source) {}

    // --- precedence ---

    @Test
    void theFirstConfiguredRoleHeldIsTheUsersRoleWhateverElseIsHeld() {
        assertEquals(
                "gateway-admin",
                GatewayRolePrecedence.current(ORDER, Set.of("gateway-user", "gateway-admin")::contains));
        assertEquals(
                "gateway-readonly-admin",
                GatewayRolePrecedence.current(ORDER, Set.of("gateway-user", "gateway-readonly-admin")::contains));
        assertEquals(
                "gateway-user", GatewayRolePrecedence.current(ORDER, Set.of("gateway-user", "researcher")::contains));
        assertNull(GatewayRolePrecedence.current(ORDER, Set.of("researcher")::contains));
    }

    @Test
    void theOrderIsTheConfigurationsNotTheNamesOrAFixedOne() {
        List<String> reversed = List.of("gateway-user", "gateway-readonly-admin", "gateway-admin");
        assertEquals(
                "gateway-user",
                GatewayRolePrecedence.current(reversed, Set.of("gateway-admin", "gateway-user")::contains));
    }

    @Test
    void higherAndOthersFollowTheOrder() {
        assertEquals(List.of(), GatewayRolePrecedence.higher(ORDER, "gateway-admin"));
        assertEquals(
                List.of("gateway-admin", "gateway-readonly-admin"),
                GatewayRolePrecedence.higher(ORDER, "gateway-user"));
        assertEquals(
                List.of("gateway-admin", "gateway-user"),
                List.copyOf(GatewayRolePrecedence.others(ORDER, "gateway-readonly-admin")));
    }

    @Test
    void aHigherRoleHeldThroughAGroupOrCompositeBlocksTheAssignmentADirectOneDoesNot() {
        // held directly: revoking it is part of the assignment
        assertEquals(
                Optional.empty(),
                GatewayRolePrecedence.inheritedHigher(
                        ORDER, "gateway-user", Set.of("gateway-admin"), Set.of("gateway-admin")::contains));
        // held only through a group: the assignment cannot take it away
        assertEquals(
                Optional.of("gateway-admin"),
                GatewayRolePrecedence.inheritedHigher(
                        ORDER, "gateway-user", Set.of(), Set.of("gateway-admin")::contains));
        // a lower role held through a group does not matter: the target still wins
        assertEquals(
                Optional.empty(),
                GatewayRolePrecedence.inheritedHigher(
                        ORDER, "gateway-admin", Set.of(), Set.of("gateway-user")::contains));
        // of several, the highest is named
        assertEquals(
                Optional.of("gateway-admin"),
                GatewayRolePrecedence.inheritedHigher(
                        ORDER, "gateway-user", Set.of(), Set.of("gateway-readonly-admin", "gateway-admin")::contains));
    }

    @Test
    void anAssignmentRevokesEveryOtherDirectGatewayRoleAndKeepsTheTargets() {
        assertEquals(
                List.of("gateway-admin", "gateway-readonly-admin"),
                GatewayRolePrecedence.revoke(
                        ORDER, "gateway-user", Set.of("gateway-readonly-admin", "gateway-admin", "gateway-user")));
        assertEquals(
                List.of("gateway-user"), GatewayRolePrecedence.revoke(ORDER, "gateway-admin", Set.of("gateway-user")));
        assertEquals(List.of(), GatewayRolePrecedence.revoke(ORDER, "gateway-user", Set.of("gateway-user")));
    }

    // --- the membership diff ---

    @Test
    void theOtherRolesGroupsLoseAdminSeedAndMigrationSourcesButKeepOtherWritersSources() {
        Map<String, List<Row>> rows = Map.of(
                "admins", List.of(new Row("admins", "admin"), new Row("admins", "role:gateway-admin")),
                "readonly",
                        List.of(
                                new Row("readonly", "seed"),
                                new Row("readonly", "migration"),
                                new Row("readonly", "identity-provider:corp"),
                                new Row("readonly", "role:gateway-readonly-admin")),
                "users", List.of(new Row("users", "admin")));
        // promotion to gateway-admin (no role above it): the role:* source follows the role event, the link's source is
        // the link's
        List<Row> removed = sourcesToRemove("gateway-admin", rows, MAPPINGS);
        assertEquals(
                List.of(new Row("readonly", "seed"), new Row("readonly", "migration"), new Row("users", "admin")),
                removed);
    }

    @Test
    void theTargetsOwnGroupsAreNotTouchedEvenWhenAnotherRoleMapsThereToo() {
        List<RoleMapping> shared = List.of(
                new RoleMapping("gateway-admin", "staff", Mode.SYNC),
                new RoleMapping("gateway-user", "staff", Mode.SYNC),
                new RoleMapping("gateway-admin", "admins", Mode.SYNC));
        Map<String, List<Row>> rows =
                Map.of("staff", List.of(new Row("staff", "admin")), "admins", List.of(new Row("admins", "admin")));
        List<String> read = new ArrayList<>();
        List<Row> removed = GatewayRolePrecedence.sourcesToRemove(
                ORDER,
                "gateway-user",
                shared,
                g -> {
                    read.add(g);
                    return rows.getOrDefault(g, List.of());
                },
                Row::source);
        assertEquals(List.of(new Row("admins", "admin")), removed);
        assertEquals(List.of("admins"), read, "the target's group is not even read");
    }

    @Test
    void aHigherRolesGroupHeldThroughAnIdentityProviderRefusesTheAssignmentWith409() {
        Map<String, List<Row>> rows = Map.of("admins", List.of(new Row("admins", "identity-provider:corp")));
        GatewayAccessException e =
                assertThrows(GatewayAccessException.class, () -> sourcesToRemove("gateway-user", rows, MAPPINGS));
        assertEquals(409, e.status());
        assertEquals("membership_from_link", e.code());
    }

    @Test
    void aLowerRolesGroupHeldThroughAnIdentityProviderIsKeptAndDoesNotBlock() {
        Map<String, List<Row>> rows =
                Map.of("users", List.of(new Row("users", "identity-provider:corp"), new Row("users", "seed")));
        assertEquals(List.of(new Row("users", "seed")), sourcesToRemove("gateway-admin", rows, MAPPINGS));
    }

    @Test
    void groupsOfListsEachMappedGroupOnceInMappingOrder() {
        List<RoleMapping> mappings = List.of(
                new RoleMapping("gateway-user", "b", Mode.SYNC),
                new RoleMapping("gateway-admin", "a", Mode.MIGRATE),
                new RoleMapping("gateway-user", "a", Mode.SYNC),
                new RoleMapping("researcher", "c", Mode.SYNC));
        assertEquals(
                List.of("b", "a"),
                List.copyOf(GatewayRolePrecedence.groupsOf(Set.of("gateway-user", "gateway-admin"), mappings)));
        assertEquals(List.of(), List.copyOf(GatewayRolePrecedence.groupsOf(Set.of("nobody"), mappings)));
    }

    private static List<Row> sourcesToRemove(
            String target, Map<String, List<Row>> rows, List<GatewayConfig.RoleMapping> mappings) {
        return GatewayRolePrecedence.sourcesToRemove(
                ORDER, target, mappings, g -> rows.getOrDefault(g, List.of()), Row::source);
    }
}
