package org.gatewayaccess.keycloak.storage;

/**
 * The queries the extension runs on Keycloak's own tables, where Keycloak's model has no call that does the same in
 * bounded time or under a lock (federated links in bulk, role holders, row locks, the database's dialect). Writes to
 * Keycloak's tables go through Keycloak's model, except what this interface says otherwise.
 */
public interface KeycloakTables {

    // store-a:

    /** The group's direct members, (user id, username) rows by username: one page. */
    java.util.List<Object[]> groupMembersByUsername(String groupId, int first, int max);

    /** How many direct members the group has. */
    long groupMemberCount(String groupId);

    /** Which of the roles ({@code roleIds}) the user holds directly (a role mapping of its own, not through a group or composite). */
    java.util.Set<String> directRoleIds(String userId, java.util.Set<String> roleIds);

    /** The users holding the role directly with an id in ({@code fromExclusive}, {@code toInclusive}], in id order. */
    java.util.List<String> directRoleHolders(String roleId, String fromExclusive, String toInclusive);

    /**
     * The role's direct mappings of those users, locked until the transaction ends (what is counted is what the
     * transaction removes, and a concurrent revocation waits for it).
     */
    java.util.List<org.keycloak.models.jpa.entities.UserRoleMappingEntity> lockDirectRoleMappings(String roleId,
                                                                                                java.util.List<String> userIds);

    /**
     * Whether a mapping of {@link #lockDirectRoleMappings} is still there in this transaction: Keycloak's model removes
     * it from the persistence context when it deletes it.
     */
    boolean stillMapped(org.keycloak.models.jpa.entities.UserRoleMappingEntity mapping);

    /** How many direct mappings of the role exist (USER_ROLE_MAPPING rows). */
    long directRoleMappingCount(String roleId);
}
