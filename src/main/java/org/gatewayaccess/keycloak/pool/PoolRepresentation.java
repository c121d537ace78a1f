package org.gatewayaccess.keycloak.pool;

import org.gatewayaccess.keycloak.storage.GaPoolEntity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A pool as {@code GET /pools} shows it, and as the admin events of its changes record it. */
public final class PoolRepresentation {

    private PoolRepresentation() {
    }

    public static Map<String, Object> of(GaPoolEntity pool) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", pool.getId());
        json.put("name", pool.getName());
        json.put("description", pool.getDescription());
        json.put("identityProvider", pool.getIdentityProvider());
        json.put("source", PoolService.sourceOf(pool));
        json.put("createdAt", Instant.ofEpochMilli(pool.getCreatedAt()).toString());
        return json;
    }
}
