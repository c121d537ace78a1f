package org.gatewayaccess.keycloak.pool;

import java.time.Instant;
import org.gatewayaccess.keycloak.representation.Pool;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;

/** A pool as {@code GET /pools} shows it, and as the admin events of its changes record it: the row as a {@link Pool}. */
public final class PoolRepresentation {

    private PoolRepresentation() {}

    public static Pool of(GaPoolEntity pool) {
        return new Pool(
                pool.getId(),
                pool.getName(),
                pool.getDescription(),
                pool.getIdentityProvider(),
                PoolService.sourceOf(pool),
                Instant.ofEpochMilli(pool.getCreatedAt()).toString());
    }
}
