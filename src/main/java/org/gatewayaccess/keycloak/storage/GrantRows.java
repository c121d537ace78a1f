package org.gatewayaccess.keycloak.storage;

/** The only reader and writer of {@code GA_GRANT} the sources of every permission: see {@link GatewayAccessStore}. */
public interface GrantRows {

    // store-b:
    /** Deletes the realm's grants (the realm is being removed). */
    void deleteRealm(String realmId);
}
