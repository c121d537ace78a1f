package org.gatewayaccess.keycloak.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/** Which admin events make the role-derived memberships follow at once: the paths Keycloak's admin API writes. */
class RoleHoldingChangesTest {

    @Test
    void groupRoleMappingsCountUserRoleMappingsHaveTheirOwnModelEvents() {
        assertTrue(changes(ResourceType.REALM_ROLE_MAPPING, OperationType.CREATE, "groups/g1/role-mappings/realm"));
        assertTrue(changes(ResourceType.REALM_ROLE_MAPPING, OperationType.DELETE, "groups/g1/role-mappings/realm"));
        assertTrue(
                changes(ResourceType.CLIENT_ROLE_MAPPING, OperationType.DELETE, "groups/g1/role-mappings/clients/c1"));
        assertFalse(changes(ResourceType.REALM_ROLE_MAPPING, OperationType.CREATE, "users/u1/role-mappings/realm"));
        assertFalse(
                changes(ResourceType.CLIENT_ROLE_MAPPING, OperationType.CREATE, "users/u1/role-mappings/clients/c1"));
    }

    @Test
    void compositesDeletionsAndRenamesOfRolesCountANewRoleDoesNot() {
        assertTrue(changes(ResourceType.REALM_ROLE, OperationType.CREATE, "roles/researcher/composites"));
        assertTrue(changes(ResourceType.REALM_ROLE, OperationType.DELETE, "roles-by-id/r1/composites"));
        assertTrue(changes(ResourceType.CLIENT_ROLE, OperationType.CREATE, "clients/c1/roles/lab/composites"));
        assertTrue(changes(ResourceType.REALM_ROLE, OperationType.DELETE, "roles/researcher"));
        assertTrue(changes(ResourceType.REALM_ROLE, OperationType.DELETE, "roles-by-id/r1"));
        assertTrue(changes(ResourceType.CLIENT_ROLE, OperationType.DELETE, "clients/c1/roles/lab"));
        assertTrue(changes(ResourceType.REALM_ROLE, OperationType.UPDATE, "roles/researcher"));
        assertFalse(changes(ResourceType.REALM_ROLE, OperationType.CREATE, "roles/researcher"));
        assertFalse(changes(ResourceType.CLIENT_ROLE, OperationType.CREATE, "clients/c1/roles/lab"));
    }

    @Test
    void clientAndGroupDeletionsGroupMovesAndPartialImportsCount() {
        assertTrue(changes(ResourceType.CLIENT, OperationType.DELETE, "clients/c1"));
        assertFalse(changes(ResourceType.CLIENT, OperationType.UPDATE, "clients/c1"));
        assertTrue(changes(ResourceType.GROUP, OperationType.DELETE, "groups/g1"));
        assertTrue(changes(ResourceType.GROUP, OperationType.CREATE, "groups/g1/children"));
        assertTrue(changes(ResourceType.REALM, OperationType.UPDATE, "groups/g1"));
        assertTrue(changes(ResourceType.REALM, OperationType.UPDATE, "realms/r1"));
        assertTrue(changes(ResourceType.REALM, OperationType.CREATE, "clients/c1"));
        assertFalse(changes(ResourceType.REALM, OperationType.CREATE, "users/u1"), "imported users fire model events");
        assertFalse(changes(ResourceType.REALM, OperationType.UPDATE, ""));
        assertFalse(changes(ResourceType.GROUP_MEMBERSHIP, OperationType.CREATE, "users/u1/groups/g1"));
        assertFalse(changes(ResourceType.USER, OperationType.UPDATE, "users/u1"));
    }

    @Test
    void theExtensionsOwnEventsAndActionsDoNot() {
        AdminEvent own = new AdminEvent();
        own.setResourceTypeAsString("GATEWAY_ACCESS_GROUP_MEMBER");
        own.setOperationType(OperationType.DELETE);
        own.setResourcePath("gateway-access/groups/g1/members/u1");
        assertFalse(RoleHoldingChanges.changesRoleHolding(own));
        assertFalse(changes(ResourceType.REALM_ROLE, OperationType.ACTION, "roles/researcher"));
        assertFalse(changes(ResourceType.REALM_ROLE, OperationType.DELETE, null));
    }

    private static boolean changes(ResourceType type, OperationType operation, String path) {
        AdminEvent event = new AdminEvent();
        event.setResourceType(type);
        event.setOperationType(operation);
        event.setResourcePath(path);
        return RoleHoldingChanges.changesRoleHolding(event);
    }
}
