package org.gatewayaccess.keycloak.storage;

import java.util.List;

/**
 * The only reader and writer of {@code GA_GRANT} the sources of every permission: see {@link GatewayAccessStore}.
 * Rows are {@link GaGrantEntity} (the row carrier) and its key; principal types, permissions and sources are their
 * wire names. What a change invalidates (the decision cache) is the caller's business: this layer is below it.
 */
public interface GrantRows {

    /** One source row; false (and nothing written) when a row with its key is already there. */
    boolean addIfAbsent(GaGrantEntity row);

    /** Writes new rows whose keys the caller knows to be absent, then flushes (even when there are none). */
    void addAllAndFlush(List<GaGrantEntity> rows);

    /** Removes the row of that key through the persistence context; false if there is none. */
    boolean remove(GaGrantEntity.Key key);

    /**
     * Deletes a row this session read, by its key, tolerating that it is gone already (a set-based writer may have
     * deleted it without the user's lock; removing a managed row someone else deleted would fail the transaction).
     * The row is detached first. Returns whether this call deleted it.
     */
    boolean deleteIfPresent(GaGrantEntity row);

    /** The resource's rows, by principal, permission and time of grant. */
    List<GaGrantEntity> forResource(String realmId, String resourceType, String resourceId);

    /** One principal's rows of one source. */
    List<GaGrantEntity> forPrincipalAndSource(String realmId, String principalType, String principalId, String source);

    int removeForResource(String realmId, String resourceType, String resourceId);

    int removeForPrincipal(String realmId, String principalType, String principalId);

    int removeForSource(String realmId, String source);

    /**
     * The distinct permissions (wire names) the user or any of the groups hold on one resource. The principal's
     * questions below are each one query on the principal index ({@code IDX_GA_GRANT_PRINCIPAL}) or the primary key.
     */
    List<String> permissionsHeld(
            String realmId, String userId, List<String> groupIds, String resourceType, String resourceId);

    /** The resource's distinct (principalType, principalId, permission) rows, at most {@code max}. */
    List<Object[]> principalsOf(String realmId, String resourceType, String resourceId, int max);

    /** The resource types the user or the groups hold something on, in name order, at most {@code max}. */
    List<String> typesHeld(String realmId, String userId, List<String> groupIds, int max);

    /** (id, permission) rows of one type the user or the groups hold, in id order, at most {@code maxRows}. */
    List<Object[]> heldOfType(String realmId, String userId, List<String> groupIds, String resourceType, int maxRows);

    /**
     * One page of the ids of a type on which the user or the groups hold one of {@code permissions}, in id order,
     * after {@code after} (exclusive; null for the first page).
     */
    List<String> idsHeld(
            String realmId,
            String userId,
            List<String> groupIds,
            String resourceType,
            List<String> permissions,
            String after,
            int first,
            int max);

    /**
     * How many rows the user holds of one permission and source on any type but {@code exceptType} (one query on the
     * principal index).
     */
    long countHeldBy(String realmId, String userId, String permission, String source, String exceptType);

    /**
     * Gives {@code permission} on the resource, with {@code source}, to every user linked to identity provider
     * {@code alias} (both of Keycloak's link tables: see {@code storage.jpa.FederatedLinks}), in one INSERT ... SELECT (no row is
     * loaded into memory), skipping rows that exist. On PostgreSQL the skip is ON CONFLICT DO NOTHING: an anti-join
     * there was planned as a nested loop over freshly loaded tables (no statistics yet) and took 3.4 s instead of 0.3
     * s for 10k users. Elsewhere, NOT EXISTS. Returns the rows written.
     */
    int addForLinkedUsers(
            String realmId,
            String resourceType,
            String resourceId,
            String permission,
            String source,
            String alias,
            long now);

    /** How many users linked to {@code alias} lack the user row of {@code view} and {@code source} on the resource. */
    long countLinkedUsersWithoutView(
            String realmId, String resourceType, String resourceId, String source, String alias);

    /**
     * The rows on the resource whose source is like {@code sourcePattern} and that are no longer true: all of them when
     * {@code alias} is null, else every one but the user rows of {@code source} of users linked to {@code alias}.
     * Counted, or deleted ({@code delete}), set-based.
     */
    long staleLinkSources(
            String realmId,
            String resourceType,
            String resourceId,
            String sourcePattern,
            String source,
            String alias,
            boolean delete);

    /**
     * Rows of a type whose source is like {@code sourcePattern} on resource ids that are no pool (GA_POOL) any more.
     * Counted, or deleted ({@code delete}).
     */
    long onPoolsGone(String realmId, String resourceType, String sourcePattern, boolean delete);

    /** One (user id, provider alias) pair that may need a change of link-derived grants. */
    record LinkCandidate(String userId, String alias) {}

    /**
     * The next page (by user id, after {@code after}) of the users linked to {@code alias} and of the user holders of a
     * row whose source starts with {@code sourcePrefix} on the resource, with the alias of the link or of the row's
     * source (what follows the prefix). {@code alias} may be null: then only the rows' holders.
     */
    List<LinkCandidate> linkCandidates(
            String realmId,
            String resourceType,
            String resourceId,
            String alias,
            String sourcePrefix,
            String after,
            int max);

    /** Deletes the realm's grants (the realm is being removed). */
    void deleteRealm(String realmId);
}
