package org.gatewayaccess.keycloak.pool;

import org.gatewayaccess.keycloak.storage.FederatedLinks;
import org.gatewayaccess.keycloak.authz.DecisionCache;
import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.storage.GaGrantEntity;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes one user's grants of source {@code identity-provider:<alias>} match what is true
 * now: linked → {@code view} on every pool tied to the provider; not linked (or gone) →
 * none. Because it reads the current state instead of replaying an event, it is safe to
 * run late, twice, or out of order — which is what lets link and unlink work run after
 * the login's commit and be retried when it fails.
 */
public final class LinkGrantReconciler {

    /** One grant written or removed. */
    public record Change(String poolId, boolean added) {
    }

    private final KeycloakSession session;
    private final EntityManager em;

    public LinkGrantReconciler(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public List<Change> reconcile(RealmModel realm, String userId, String alias) {
        String source = GrantSource.identityProvider(alias);
        UserModel user = session.users().getUserById(realm, userId);
        // from the database, not the user cache: see UserRowLock and FederatedLinks (the caller holds the user's lock)
        boolean linked = user != null && FederatedLinks.isLinked(session, userId, alias);
        Set<String> wanted = linked
            ? em.createNamedQuery("GaPool.byIdentityProvider", GaPoolEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("alias", alias)
                .getResultStream().map(GaPoolEntity::getId).collect(Collectors.toSet())
            : Set.of();
        List<GaGrantEntity> held = em.createNamedQuery("GaGrant.byPrincipalAndSource", GaGrantEntity.class)
            .setParameter("realmId", realm.getId())
            .setParameter("principalType", Principal.Type.USER.wireName())
            .setParameter("principalId", userId)
            .setParameter("source", source)
            .getResultList();

        List<Change> changes = new ArrayList<>();
        Set<String> have = held.stream().map(GaGrantEntity::getResourceId).collect(Collectors.toSet());
        for (GaGrantEntity grant : held) {
            if (!wanted.contains(grant.getResourceId()) && removed(grant)) {
                changes.add(new Change(grant.getResourceId(), false));
            }
        }
        long now = System.currentTimeMillis();
        for (String poolId : wanted) {
            if (!have.contains(poolId)) {
                GaGrantEntity grant = new GaGrantEntity();
                grant.setRealmId(realm.getId());
                grant.setResourceType(PoolGrantService.POOL);
                grant.setResourceId(poolId);
                grant.setPrincipalType(Principal.Type.USER.wireName());
                grant.setPrincipalId(userId);
                grant.setPermission(Permission.VIEW.wireName());
                grant.setSource(source);
                grant.setGrantedAt(now);
                em.persist(grant);
                changes.add(new Change(poolId, true));
            }
        }
        em.flush();
        if (!changes.isEmpty()) {
            DecisionCache.invalidate(session, realm.getId());
        }
        return changes;
    }

    /**
     * Deletes the row by its key, tolerating that it is gone already: a sync or a pool re-tied to another provider
     * removes stale rows set-based, without this user's lock, and {@code em.remove} of a row someone else deleted
     * fails the whole transaction (Hibernate's row-count check). Returns whether this call removed it.
     */
    private boolean removed(GaGrantEntity grant) {
        em.detach(grant);
        return em.createQuery("delete from GaGrantEntity g where g.realmId = :realmId and g.resourceType = :type"
                + " and g.resourceId = :resourceId and g.principalType = :principalType and g.principalId = :principalId"
                + " and g.permission = :permission and g.source = :source")
            .setParameter("realmId", grant.getRealmId()).setParameter("type", grant.getResourceType())
            .setParameter("resourceId", grant.getResourceId()).setParameter("principalType", grant.getPrincipalType())
            .setParameter("principalId", grant.getPrincipalId()).setParameter("permission", grant.getPermission())
            .setParameter("source", grant.getSource())
            .executeUpdate() > 0;
    }
}
