package org.gatewayaccess.keycloak.storage;

import java.util.Set;

/**
 * A set of users described by value, for the set-based membership writes (seeding, sync, migration): the store turns
 * it into one SQL condition, so that no user is loaded. The domain computes what the description holds (the role and
 * group closures of {@code membership.RoleHolders}); the store only checks membership in those lists.
 */
public sealed interface UserSelection permits UserSelection.RoleHolders, UserSelection.LinkedUsers {

    /** Users mapped directly to one of {@code roleIds}, or members of one of {@code groupIds} (may be empty). */
    record RoleHolders(Set<String> roleIds, Set<String> groupIds) implements UserSelection {}

    /** Users linked to identity provider {@code alias} in the realm, in either of Keycloak's link tables. */
    record LinkedUsers(String realmId, String alias) implements UserSelection {}
}
