package org.gatewayaccess.keycloak.storage;

import java.util.Collection;
import java.util.List;

/**
 * The only reader and writer of {@code GA_MEMBERSHIP} the sources of every gateway-group membership: see
 * {@link GatewayAccessStore}. The rules (which source may be written, the last-admin guard, the Keycloak membership
 * that follows a source, admin events) are {@code membership.MembershipService}'s; the rows handed out are managed
 * {@link GaMembershipEntity} carriers, changed only through these methods.
 */
public interface MembershipRows {

    /** One source row as (group, user, source), for the set-based paths. */
    record Held(String groupId, String userId, String source) {}

    /** A user a set-based write would give a source to, for a dry run's list. */
    record MissingUser(String userId, String username) {}

    /** The source, or null. */
    GaMembershipEntity find(String groupId, String userId, String source);

    /** The sources of the user's membership of the group, oldest first. */
    List<GaMembershipEntity> sources(String groupId, String userId);

    /** The rows {@code source} holds for the user, in whichever groups. */
    List<GaMembershipEntity> ofUserAndSource(String realmId, String userId, String source);

    /** Every (user, source) of the group. */
    List<Held> ofGroup(String groupId);

    /** Writes the row and flushes. */
    void insert(GaMembershipEntity row);

    /** Deletes the row and flushes. */
    void delete(GaMembershipEntity row);

    /** Deletes the rows, then flushes once. */
    void deleteAll(List<GaMembershipEntity> rows);

    /** Deletes the source if it is there (and flushes); false if there was none. */
    boolean deleteIfPresent(String groupId, String userId, String source);

    void deleteOfUser(String realmId, String userId);

    void deleteOfGroup(String realmId, String groupId);

    void deleteOfSource(String realmId, String source);

    void deleteRealm(String realmId);

    /**
     * Gives {@code source} in the group to every user of {@code users} who lacks it, in one statement (skipping
     * existing rows with ON CONFLICT DO NOTHING on PostgreSQL, NOT EXISTS elsewhere); a dry run only counts.
     */
    long addSources(
            String realmId,
            String groupId,
            String source,
            String grantedBy,
            UserSelection users,
            UserIdRange range,
            boolean dryRun);

    /** Up to {@code limit} users {@link #addSources} would add, by username. */
    List<MissingUser> sampleMissing(String realmId, String groupId, String source, UserSelection users, int limit);

    /** Gives {@code source} to members of the group who have no source at all (members from before the extension). */
    long adoptMembers(String realmId, String groupId, String source);

    /** Users holding {@code source} in the group who are no longer in {@code users}, by id. */
    List<String> staleHolders(String groupId, String source, UserSelection users);

    /**
     * Up to 10,000 rows of the realm whose source is derived ({@code role:*}, {@code identity-provider:*}) but not in
     * {@code current} ("groupId, source" pairs): no mapping writes them any more.
     */
    List<Held> unmappedDerived(String realmId, Collection<String[]> current);

    /** The rows of the group of those users, oldest first (then by source). */
    java.util.List<GaMembershipEntity> forUsersInGroup(String groupId, java.util.List<String> userIds);

    /** Every row of the user in the realm, oldest first (then by source). */
    java.util.List<GaMembershipEntity> forUser(String realmId, String userId);
}
