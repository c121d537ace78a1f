package org.gatewayaccess.keycloak.events;

import java.util.regex.Pattern;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/**
 * Which of Keycloak's admin events may change who holds a realm role without a per-user model event
 * (Keycloak publishes {@code RoleGrantedEvent}/{@code RoleRevokedEvent} and group join/leave events for a
 * <em>user's</em> role mappings and groups, but nothing when a group's roles, a composite's contents, a role,
 * a client or a group's place in the tree change). Paths are relative to {@code /admin/realms/{realm}/}, as
 * Keycloak's admin event builder writes them.
 */
final class RoleHoldingChanges {

    /** {@code groups/{id}/role-mappings/realm}, {@code groups/{id}/role-mappings/clients/{client}}. */
    private static final Pattern GROUP_ROLE_MAPPING = Pattern.compile("groups/[^/]+/role-mappings(/.*)?");
    /** {@code roles/{name}}, {@code roles-by-id/{id}}, {@code clients/{id}/roles/{name}}, each optionally {@code /composites...}. */
    private static final Pattern ROLE =
            Pattern.compile("(roles/[^/]+|roles-by-id/[^/]+|clients/[^/]+/roles/[^/]+)(/composites(/.*)?)?");

    private static final Pattern CLIENT = Pattern.compile("clients/[^/]+");
    /** A group created, moved ({@code groups/{id}/children}, {@code groups}), updated or deleted. */
    private static final Pattern GROUP = Pattern.compile("groups(/[^/]+(/children)?)?");
    /** What a partial import reports: one event per imported or overwritten role, client, group (resource type REALM). */
    private static final Pattern PARTIAL_IMPORT = Pattern.compile("(realms|clients|groups)/.+");

    private RoleHoldingChanges() {}

    static boolean changesRoleHolding(AdminEvent event) {
        String path = event.getResourcePath();
        ResourceType type = event.getResourceType();
        OperationType operation = event.getOperationType();
        if (path == null || type == null || operation == OperationType.ACTION) {
            return false;
        }
        return switch (type) {
            case REALM_ROLE_MAPPING, CLIENT_ROLE_MAPPING ->
                GROUP_ROLE_MAPPING.matcher(path).matches();
            // a rename too: mappings name their role, so a renamed mapped role no longer grants its sources
            case REALM_ROLE, CLIENT_ROLE ->
                ROLE.matcher(path).matches()
                        && (operation != OperationType.CREATE
                                || path.contains("/composites")); // a new role has no holders yet
            case CLIENT ->
                operation == OperationType.DELETE && CLIENT.matcher(path).matches();
            case GROUP -> GROUP.matcher(path).matches();
            case REALM -> PARTIAL_IMPORT.matcher(path).matches();
            default -> false;
        };
    }
}
