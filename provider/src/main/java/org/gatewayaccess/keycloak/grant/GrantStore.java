package org.gatewayaccess.keycloak.grant;

import java.util.List;
import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.storage.GaGrantEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.GrantRows;
import org.keycloak.models.KeycloakSession;

/**
 * Reads and writes grant source rows (GA_GRANT) in the request's transaction, through the store's
 * {@link GrantRows}; every write here invalidates the realm's access decisions ({@link DecisionCache}).
 */
public final class GrantStore {

    private final KeycloakSession session;
    private final GrantRows rows;

    public GrantStore(KeycloakSession session) {
        this.session = session;
        this.rows = GatewayAccessStore.of(session).grants();
    }

    /** Adds one source of a permission; returns false (and writes nothing) when that source is already there. */
    public boolean add(
            String realmId,
            String resourceType,
            String resourceId,
            Principal principal,
            Permission permission,
            String source,
            String grantedBy,
            long now) {
        GaGrantEntity grant = new GaGrantEntity();
        grant.setRealmId(realmId);
        grant.setResourceType(resourceType);
        grant.setResourceId(resourceId);
        grant.setPrincipalType(principal.type().wireName());
        grant.setPrincipalId(principal.id());
        grant.setPermission(permission.wireName());
        grant.setSource(source);
        grant.setGrantedBy(grantedBy);
        grant.setGrantedAt(now);
        if (!rows.addIfAbsent(grant)) {
            return false;
        }
        GatewayAccessCaches.of(session).invalidate(realmId);
        return true;
    }

    /** Removes one source of a permission; other sources of the same permission stay. */
    public boolean remove(
            String realmId,
            String resourceType,
            String resourceId,
            Principal principal,
            Permission permission,
            String source) {
        boolean removed = rows.remove(new GaGrantEntity.Key(
                realmId,
                resourceType,
                resourceId,
                principal.type().wireName(),
                principal.id(),
                permission.wireName(),
                source));
        if (!removed) {
            return false;
        }
        GatewayAccessCaches.of(session).invalidate(realmId);
        return true;
    }

    public List<GaGrantEntity> forResource(String realmId, String resourceType, String resourceId) {
        return rows.forResource(realmId, resourceType, resourceId);
    }

    public int removeForResource(String realmId, String resourceType, String resourceId) {
        GatewayAccessCaches.of(session).invalidate(realmId);
        return rows.removeForResource(realmId, resourceType, resourceId);
    }

    public int removeForPrincipal(String realmId, Principal principal) {
        GatewayAccessCaches.of(session).invalidate(realmId);
        return rows.removeForPrincipal(realmId, principal.type().wireName(), principal.id());
    }

    public int removeForSource(String realmId, String source) {
        GatewayAccessCaches.of(session).invalidate(realmId);
        return rows.removeForSource(realmId, source);
    }
}
