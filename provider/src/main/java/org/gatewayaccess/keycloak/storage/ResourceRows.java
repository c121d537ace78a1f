package org.gatewayaccess.keycloak.storage;

import java.util.List;

/**
 * The only reader and writer of {@code GA_RESOURCE} a gateway's registered resources: see {@link GatewayAccessStore}.
 * Rows are {@link GaResourceEntity} (the row carrier). Their grants are {@link GrantRows}'.
 */
public interface ResourceRows {

    /** The registered resource, or null. */
    GaResourceEntity find(String realmId, String resourceType, String resourceId);

    /** Registers a new resource (the caller has checked that it is not there). */
    void add(GaResourceEntity resource);

    /** Removes a resource this session read. */
    void remove(GaResourceEntity resource);

    /** One page of every registered id of a type, in id order, after {@code after} (exclusive; null for the first page). */
    List<String> idsInOrder(String realmId, String resourceType, String after, int first, int max);

    /** Deletes the realm's resources (the realm is being removed). */
    void deleteRealm(String realmId);
}
