package org.gatewayaccess.keycloak.storage;

import java.util.List;

/**
 * The only reader and writer of {@code GA_PENDING_USER} users waiting for approval: see {@link GatewayAccessStore}.
 * Rows are {@link GaPendingUserEntity} (the row carrier).
 */
public interface PendingUserRows {

    /** Whether the user has a row (is pending approval). */
    boolean isPending(String realmId, String userId);

    /** Writes a new row and flushes it at once. */
    void addAndFlush(GaPendingUserEntity row);

    /** One page of the realm's rows, oldest first (then by user id). */
    List<GaPendingUserEntity> page(String realmId, int first, int max);

    /**
     * Deletes the user's row; returns the rows deleted (0 or 1). The delete takes the row's lock, so of two concurrent
     * deletes exactly one sees the row.
     */
    int remove(String realmId, String userId);

    /** Deletes the user's pending rows (the user is being removed). */
    void deleteOfUser(String realmId, String userId);

    /** Deletes the realm's pending rows (the realm is being removed). */
    void deleteRealm(String realmId);
}
