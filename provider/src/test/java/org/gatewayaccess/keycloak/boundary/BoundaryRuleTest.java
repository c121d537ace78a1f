package org.gatewayaccess.keycloak.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatewayaccess.keycloak.boundary.BoundaryRule.RoleFact;
import org.junit.jupiter.api.Test;

/** The delegation boundary's rule (docs/security-model.md) on plain role facts: what is inside a gateway and what is not. */
class BoundaryRuleTest {

    private static final RoleFact ADMIN = realm("gateway-admin");
    private static final RoleFact USER = realm("gateway-user");
    private static final RoleFact RESEARCHER = realm("researcher");
    private static final RoleFact REALM_ADMIN = client("realm-management", "realm-admin");
    private static final RoleFact VIEW_USERS = client("realm-management", "view-users");
    private static final Set<String> GATEWAY_IDS = Set.of(ADMIN.id(), USER.id());
    private static final Set<String> GATEWAY_NAMES = Set.of(ADMIN.name(), USER.name());

    // --- which group is ordinary (privilege) ---

    @Test
    void aGroupMappedOnlyToGatewayRolesIsOrdinaryEvenWhenOneIsACompositeOfTheOther() {
        Map<RoleFact, List<RoleFact>> expansions = Map.of(ADMIN, List.of(ADMIN, USER), USER, List.of(USER));
        assertEquals(Optional.empty(), privilege(List.of(ADMIN, USER), expansions));
        assertEquals(Optional.empty(), privilege(List.of(), expansions));
    }

    @Test
    void realmAdminReachedThroughAGatewayRolesCompositeMakesTheGroupPrivilegedAndTheMappedRoleIsNamed() {
        Map<RoleFact, List<RoleFact>> expansions = Map.of(USER, List.of(USER, REALM_ADMIN));
        assertEquals(Optional.of(USER), privilege(List.of(USER), expansions));
    }

    @Test
    void anyRealmManagementClientRoleThroughNestedCompositesIsOutside() {
        // gateway-admin -> gateway-user -> view-users: the expansion is transitive, and view-users alone is enough
        Map<RoleFact, List<RoleFact>> expansions = Map.of(ADMIN, List.of(ADMIN, USER, VIEW_USERS), USER, List.of(USER));
        assertEquals(Optional.of(ADMIN), privilege(List.of(USER, ADMIN), expansions));
    }

    @Test
    void aMappedRealmRoleThatIsNoGatewayRoleIsOutsideAndTheFirstByNameIsNamed() {
        RoleFact zebra = realm("zebra");
        Map<RoleFact, List<RoleFact>> expansions =
                Map.of(zebra, List.of(zebra), RESEARCHER, List.of(RESEARCHER), USER, List.of(USER));
        assertEquals(Optional.of(RESEARCHER), privilege(List.of(zebra, USER, RESEARCHER), expansions));
    }

    @Test
    void aClientRoleMappedDirectlyIsNamedWithItsClient() {
        Map<RoleFact, List<RoleFact>> expansions =
                Map.of(REALM_ADMIN, List.of(REALM_ADMIN), RESEARCHER, List.of(RESEARCHER));
        // "realm-management/realm-admin" sorts before "researcher"
        assertEquals(Optional.of(REALM_ADMIN), privilege(List.of(RESEARCHER, REALM_ADMIN), expansions));
    }

    @Test
    void gatewayRolesAreMatchedByIdNotByName() {
        // a client role that happens to be called like a gateway role is not that gateway role
        RoleFact lookalike = client("some-app", "gateway-user");
        assertEquals(Optional.of(lookalike), privilege(List.of(lookalike), Map.of(lookalike, List.of(lookalike))));
    }

    // --- whether a gateway role stays inside (outside) ---

    @Test
    void aRealmRoleWhoseCompositesAreOnlyGatewayRolesIsInside() {
        assertEquals(Optional.empty(), BoundaryRule.outside(ADMIN, false, List.of(ADMIN, USER), GATEWAY_NAMES));
        assertEquals(Optional.empty(), BoundaryRule.outside(USER, false, List.of(USER), GATEWAY_NAMES));
    }

    @Test
    void aClientRoleIsNeverAGatewayRole() {
        assertEquals(
                Optional.of("is a client role"),
                BoundaryRule.outside(VIEW_USERS, false, List.of(VIEW_USERS), Set.of("view-users")));
    }

    @Test
    void aBuiltInIsRefusedWhateverItsComposites() {
        RoleFact offline = realm("offline_access");
        assertEquals(
                Optional.of("is one of Keycloak's built-in roles"),
                BoundaryRule.outside(offline, true, List.of(offline), Set.of("offline_access")));
    }

    @Test
    void aCompositeReachingRealmAdminOrAnotherRealmRoleNamesTheFirstOutsideRoleByName() {
        assertEquals(
                Optional.of("contains role 'realm-management/realm-admin', which is not a gateway role"),
                BoundaryRule.outside(ADMIN, false, List.of(ADMIN, USER, VIEW_USERS, REALM_ADMIN), GATEWAY_NAMES));
        assertEquals(
                Optional.of("contains role 'researcher', which is not a gateway role"),
                BoundaryRule.outside(ADMIN, false, List.of(ADMIN, RESEARCHER), GATEWAY_NAMES));
    }

    @Test
    void aClientRoleInTheExpansionIsOutsideEvenWhenItsNameIsInTheList() {
        RoleFact lookalike = client("some-app", "gateway-user");
        assertEquals(
                Optional.of("contains role 'some-app/gateway-user', which is not a gateway role"),
                BoundaryRule.outside(ADMIN, false, List.of(ADMIN, lookalike), GATEWAY_NAMES));
    }

    @Test
    void aRoleNotInTheListItselfIsOutside() {
        assertEquals(
                Optional.of("contains role 'researcher', which is not a gateway role"),
                BoundaryRule.outside(RESEARCHER, false, List.of(RESEARCHER), GATEWAY_NAMES));
    }

    // --- Keycloak's built-ins ---

    @Test
    void offlineAccessUmaAuthorizationAndDefaultRolesAreBuiltIns() {
        assertTrue(BoundaryRule.isBuiltIn("offline_access", "r1", "d"));
        assertTrue(BoundaryRule.isBuiltIn("uma_authorization", "r1", "d"));
        assertTrue(BoundaryRule.isBuiltIn("default-roles-acme", "r1", "d"));
        assertTrue(BoundaryRule.isBuiltIn("default-roles-acme", "r1", null));
    }

    @Test
    void theRealmsDefaultRoleIsABuiltInUnderAnyName() {
        assertTrue(BoundaryRule.isBuiltIn("everyone", "d", "d"));
        assertFalse(BoundaryRule.isBuiltIn("everyone", "r1", "d"));
        assertFalse(BoundaryRule.isBuiltIn("everyone", "r1", null));
    }

    @Test
    void ordinaryRolesAreNoBuiltIns() {
        assertFalse(BoundaryRule.isBuiltIn("gateway-user", "r1", "d"));
        assertFalse(BoundaryRule.isBuiltIn("offline", "r1", "d"));
        assertFalse(BoundaryRule.isBuiltIn("my-default-roles", "r1", "d"));
    }

    private static Optional<RoleFact> privilege(List<RoleFact> mapped, Map<RoleFact, List<RoleFact>> expansions) {
        return BoundaryRule.privilege(mapped, r -> (Collection<RoleFact>) expansions.get(r), GATEWAY_IDS);
    }

    private static RoleFact realm(String name) {
        return new RoleFact("id-" + name, name, name, false);
    }

    private static RoleFact client(String clientId, String name) {
        return new RoleFact("id-" + clientId + "-" + name, name, clientId + "/" + name, true);
    }
}
