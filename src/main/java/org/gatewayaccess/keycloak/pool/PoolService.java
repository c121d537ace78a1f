package org.gatewayaccess.keycloak.pool;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.gatewayaccess.keycloak.adminconsole.PoolsPageMirror;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.grant.GrantStore;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Ids;
import org.gatewayaccess.keycloak.storage.GaGrantEntity;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.gatewayaccess.keycloak.sync.PoolViewerSync;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Pools of one realm: create, replace, delete, read; hands link-derived viewer grants to {@link PoolViewerSync}. */
public final class PoolService {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final EntityManager em;
    private final GrantStore grants;

    public PoolService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.grants = new GrantStore(session);
    }

    public List<GaPoolEntity> list() {
        return em.createNamedQuery("GaPool.byRealm", GaPoolEntity.class)
            .setParameter("realmId", realm.getId())
            .getResultList();
    }

    public java.util.Optional<GaPoolEntity> findByName(String name) {
        return em.createNamedQuery("GaPool.byRealmAndName", GaPoolEntity.class)
            .setParameter("realmId", realm.getId())
            .setParameter("name", name)
            .getResultStream()
            .findFirst();
    }

    /** The pool, or 404; ids that we cannot have generated are refused before the lookup. */
    public GaPoolEntity get(String id) {
        if (!Ids.isUuid(id)) {
            throw GatewayAccessException.badRequest("invalid_id", "Pool ids are UUIDs; '" + abbreviate(id) + "' is not one.");
        }
        GaPoolEntity pool = em.find(GaPoolEntity.class, id);
        if (pool == null || !pool.getRealmId().equals(realm.getId())) {
            throw GatewayAccessException.notFound("pool_not_found", "No pool with id " + id + " exists in this realm.");
        }
        return pool;
    }

    /** Creates the pool; its link-derived viewers are granted right after the commit ({@link PoolViewerSync}). */
    public GaPoolEntity create(PoolInput input, EventActor actor) {
        requireKnownProvider(input.identityProvider());
        requireFreeName(input.name(), null);
        long now = System.currentTimeMillis();
        GaPoolEntity pool = new GaPoolEntity();
        pool.setId(UUID.randomUUID().toString());
        pool.setRealmId(realm.getId());
        pool.setName(input.name());
        pool.setDescription(input.description());
        pool.setIdentityProvider(input.identityProvider());
        pool.setCreatedAt(now);
        pool.setCreatedBy(actor.userId());
        pool.setUpdatedAt(now);
        pool.setUpdatedBy(actor.userId());
        em.persist(pool);
        flushOrConflict(input.name());
        PoolsPageMirror.put(session, realm, pool); // the admin console's page, in this same transaction
        if (pool.getIdentityProvider() != null) {
            PoolViewerSync.afterCommit(session, realm, pool.getId(), actor);
        }
        return pool;
    }

    /** Replaces the pool; a changed provider's grants are swapped right after the commit ({@link PoolViewerSync}). */
    public GaPoolEntity replace(String id, PoolInput input, EventActor actor) {
        GaPoolEntity pool = get(id);
        requireKnownProvider(input.identityProvider());
        requireFreeName(input.name(), pool.getId());
        String oldProvider = pool.getIdentityProvider();
        pool.setName(input.name());
        pool.setDescription(input.description());
        pool.setIdentityProvider(input.identityProvider());
        pool.setUpdatedAt(System.currentTimeMillis());
        pool.setUpdatedBy(actor.userId());
        flushOrConflict(input.name());
        PoolsPageMirror.put(session, realm, pool);
        if (!Objects.equals(oldProvider, input.identityProvider())) {
            PoolViewerSync.afterCommit(session, realm, pool.getId(), actor);
        }
        return pool;
    }

    public void delete(String id) {
        GaPoolEntity pool = get(id);
        grants.removeForResource(realm.getId(), PoolGrantService.POOL, pool.getId());
        em.remove(pool);
        PoolsPageMirror.removed(session, realm, pool.getId());
    }

    public List<GaGrantEntity> viewerGrants(String id) {
        GaPoolEntity pool = get(id);
        return grants.forResource(realm.getId(), PoolGrantService.POOL, pool.getId());
    }

    private void requireKnownProvider(String alias) {
        if (alias != null && session.identityProviders().getByAlias(alias) == null) {
            throw GatewayAccessException.badRequest("unknown_identity_provider",
                "No identity provider with alias '" + abbreviate(alias) + "' exists in this realm.");
        }
    }

    private void requireFreeName(String name, String exceptPoolId) {
        boolean taken = findByName(name).filter(p -> !p.getId().equals(exceptPoolId)).isPresent();
        if (taken) {
            throw nameTaken(name);
        }
    }

    /** Two requests may pass the name check at once; the unique constraint decides, and the loser gets 409, not 500. */
    private void flushOrConflict(String name) {
        try {
            em.flush();
        } catch (PersistenceException e) {
            throw nameTaken(name);
        }
    }

    private static GatewayAccessException nameTaken(String name) {
        return GatewayAccessException.conflict("pool_name_taken", "A pool named '" + abbreviate(name) + "' already exists in this realm.");
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "…";
    }
}
