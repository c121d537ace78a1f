package org.gatewayaccess.keycloak.storage;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The queries the extension runs on Keycloak's own tables, where Keycloak's model has no call that does the same in
 * bounded time or under a lock (federated links, role holders, admin counts, row locks; where the best statement differs
 * per database, the implementation picks it, so no caller asks which database it is). Writes to
 * Keycloak's tables go through Keycloak's model, except what this interface says otherwise ({@link #joinMissing},
 * {@link #leaveGroupsHeldOnlyBy}: callers evict the realm's users from Keycloak's cache afterwards).
 */
public interface KeycloakTables {

    /** A user and whether it is enabled. */
    record Member(String userId, boolean enabled) {}

    /**
     * One user's grant and membership work, one transaction at a time: every writer that reads "what does the user
     * hold / which sources are there" and then writes the difference (link work after a commit, role and group changes
     * in Keycloak's own request) first locks the user's {@code USER_ENTITY} row. The later transaction then waits and,
     * under READ COMMITTED, reads what the earlier one committed instead of deciding on a state that is about to
     * change (found by ConcurrencyDriftIT on PostgreSQL: a link and an unlink, and a role grant and revocation, of one
     * user at the same moment each lost an update). Taking the lock again in the same transaction is free.
     * <p>
     * Users of user federation without import ({@code f:<component>:<external id>}) have no {@code USER_ENTITY} row,
     * and no other row of theirs is sure to exist (their links, in {@code BROKER_LINK}, come and go with the very
     * change being serialised). They queue on the realm's {@code GA_REALM_STATE} row instead, as
     * {@code JobStore.lockRealm} does: coarser — such users' link work in one realm runs one transaction after the
     * other — but the transactions are short, and a row lock is the only serialisation that holds across the nodes
     * of a cluster.
     *
     * @return false if a local user no longer exists. A federated-storage user is not looked up (that would ask the
     *         external store): if it is gone, Keycloak has removed its links, and the work that follows sees none.
     */
    boolean lockUser(String realmId, String userId);

    /**
     * Whether the user is linked to the provider, read from the database now rather than through Keycloak's user
     * cache: link work runs after {@link #lockUser} made it wait for an earlier link or unlink of the same user, and
     * must see what that one committed. Keycloak keeps links in two tables: {@code FEDERATED_IDENTITY} for local users
     * (including users imported from user federation), and {@code BROKER_LINK} — its federated storage — for users of
     * user federation without import; a link goes to exactly one of them, by the user id.
     */
    boolean isLinked(String userId, String alias);

    /** How many memberships the user has, right now in the database, in these groups. */
    long membershipsIn(Set<String> groupIds, String userId);

    /** Whether any enabled user is a member of one of these groups. */
    boolean hasEnabledMember(Set<String> groupIds);

    /**
     * How many enabled users other than {@code leavingUserIds} (not empty) are members of one of these groups (not
     * empty). The caller holds the realm's lock ({@link RealmStateRows#lock}); on MariaDB and MySQL the count is a
     * locking read that skips rows another transaction has locked (see {@code membership.LastAdminGuard}).
     */
    long countOtherEnabledMembers(Set<String> groupIds, Set<String> leavingUserIds);

    /** Ids of the enabled members of these groups. */
    List<String> enabledMembers(Set<String> groupIds);

    /** The members of the group, with whether each is enabled. */
    List<Member> members(String groupId);

    /** These users (local ones, at most a page), with whether each is enabled. */
    List<Member> users(Collection<String> userIds);

    /** Groups mapped to one of these roles. */
    List<String> groupsMappedToRoles(Set<String> roleIds);

    /** Ids, in order, of the users of {@code users} (for paging big runs). */
    List<String> userIds(String realmId, UserSelection users);

    /**
     * Keycloak group memberships for every source row in the group that has none yet, in one statement. Users of user
     * federation without import ({@code f:} ids, see StorageId) are left out: USER_GROUP_MEMBERSHIP refers to
     * USER_ENTITY, where they have no row; their memberships live in Keycloak's federated storage and are written
     * through the model when their source is.
     */
    long joinMissing(String realmId, String groupId, UserIdRange range);

    /**
     * Takes users out of the Keycloak groups that {@code source} alone keeps them in (the source is about to go with
     * its identity provider); returns how many memberships went.
     */
    int leaveGroupsHeldOnlyBy(String realmId, String source);

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
    java.util.List<org.keycloak.models.jpa.entities.UserRoleMappingEntity> lockDirectRoleMappings(
            String roleId, java.util.List<String> userIds);

    /**
     * Whether a mapping of {@link #lockDirectRoleMappings} is still there in this transaction: Keycloak's model removes
     * it from the persistence context when it deletes it.
     */
    boolean stillMapped(org.keycloak.models.jpa.entities.UserRoleMappingEntity mapping);

    /** How many direct mappings of the role exist (USER_ROLE_MAPPING rows). */
    long directRoleMappingCount(String roleId);
}
