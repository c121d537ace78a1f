package org.gatewayaccess.keycloak.storage;

/** The only reader and writer of {@code GA_RESOURCE} a gateway's registered resources: see {@link GatewayAccessStore}. */
public interface ResourceRows {

    // store-b:
    /** Deletes the realm's resources (the realm is being removed). */
    void deleteRealm(String realmId);
}
