package org.gatewayaccess.keycloak.storage;

/** The only reader and writer of {@code GA_PENDING_USER} users waiting for approval: see {@link GatewayAccessStore}. */
public interface PendingUserRows {

    // store-b:
    /** Deletes the user's pending rows (the user is being removed). */
    void deleteOfUser(String realmId, String userId);

    /** Deletes the realm's pending rows (the realm is being removed). */
    void deleteRealm(String realmId);
}
