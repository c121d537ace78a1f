package org.gatewayaccess.keycloak.grant;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.storage.GaGrantEntity;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.keycloak.models.KeycloakSession;

import java.util.List;

/** Reads and writes grant source rows (GA_GRANT) in the request's transaction. */
public final class GrantStore {

    private final KeycloakSession session;
    private final EntityManager em;

    public GrantStore(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Adds one source of a permission; returns false (and writes nothing) when that source is already there. */
    public boolean add(String realmId, String resourceType, String resourceId, Principal principal, Permission permission,
                       String source, String grantedBy, long now) {
        GaGrantEntity.Key key = new GaGrantEntity.Key(realmId, resourceType, resourceId, principal.type().wireName(),
            principal.id(), permission.wireName(), source);
        if (em.find(GaGrantEntity.class, key) != null) {
            return false;
        }
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
        em.persist(grant);
        GatewayAccessCaches.of(session).invalidate(realmId);
        return true;
    }

    /** Removes one source of a permission; other sources of the same permission stay. */
    public boolean remove(String realmId, String resourceType, String resourceId, Principal principal, Permission permission,
                          String source) {
        GaGrantEntity grant = em.find(GaGrantEntity.class, new GaGrantEntity.Key(realmId, resourceType, resourceId,
            principal.type().wireName(), principal.id(), permission.wireName(), source));
        if (grant == null) {
            return false;
        }
        em.remove(grant);
        GatewayAccessCaches.of(session).invalidate(realmId);
        return true;
    }

    public List<GaGrantEntity> forResource(String realmId, String resourceType, String resourceId) {
        return em.createNamedQuery("GaGrant.byResource", GaGrantEntity.class)
            .setParameter("realmId", realmId)
            .setParameter("type", resourceType)
            .setParameter("resourceId", resourceId)
            .getResultList();
    }

    public int removeForResource(String realmId, String resourceType, String resourceId) {
        GatewayAccessCaches.of(session).invalidate(realmId);
        return em.createNamedQuery("GaGrant.deleteByResource")
            .setParameter("realmId", realmId)
            .setParameter("type", resourceType)
            .setParameter("resourceId", resourceId)
            .executeUpdate();
    }

    public int removeForPrincipal(String realmId, Principal principal) {
        GatewayAccessCaches.of(session).invalidate(realmId);
        return em.createNamedQuery("GaGrant.deleteByPrincipal")
            .setParameter("realmId", realmId)
            .setParameter("principalType", principal.type().wireName())
            .setParameter("principalId", principal.id())
            .executeUpdate();
    }

    public int removeForSource(String realmId, String source) {
        GatewayAccessCaches.of(session).invalidate(realmId);
        return em.createNamedQuery("GaGrant.deleteBySource")
            .setParameter("realmId", realmId)
            .setParameter("source", source)
            .executeUpdate();
    }
}
