package org.gatewayaccess.keycloak.migration;

import java.util.List;

/**
 * One run of {@code POST /migrations/roles-to-groups}: which roles go to which groups (by
 * id), whether the roles' direct grants are removed afterwards, and whether it is a dry run.
 */
public record RoleMigration(List<Mapping> mappings, boolean removeRoles, boolean dryRun) {

    public record Mapping(String role, String groupId) {}

    public RoleMigration {
        mappings = List.copyOf(mappings);
    }
}
