package org.gatewayaccess.keycloak.storage;

import java.util.List;

/** The only reader and writer of {@code GA_POOL} the pools: see {@link GatewayAccessStore}. */
public interface PoolRows {

    // store-b:
    /** The realm's pools, by name. */
    List<GaPoolEntity> ofRealm(String realmId);

    /** Whether the realm has a pool. */
    boolean realmHasPools(String realmId);

    /** Pools tied to the identity provider are kept but no longer tied to any (the provider is being removed). */
    void detachIdentityProvider(String realmId, String alias);

    /** Deletes the realm's pools (the realm is being removed). */
    void deleteRealm(String realmId);
}
