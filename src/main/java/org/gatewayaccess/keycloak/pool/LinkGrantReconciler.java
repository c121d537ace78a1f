package org.gatewayaccess.keycloak.pool;

import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.storage.GaGrantEntity;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.util.JpaUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

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

    /**
     * @param linked whether the user is linked to the provider now, read by the caller from the database while
     *               holding the user's {@link org.gatewayaccess.keycloak.storage.UserRowLock} (see FederatedLinks)
     */
    public List<Change> reconcile(RealmModel realm, String userId, String alias, boolean linked) {
        String source = GrantSource.identityProvider(alias);
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
            GatewayAccessCaches.of(session).invalidate(realm.getId());
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
        // native SQL: Hibernate translates a JPQL delete again on every execution (a tenth of the link work's CPU)
        return em.createNativeQuery("DELETE FROM " + JpaUtils.getTableNameForNativeQuery("GA_GRANT", em) + " WHERE REALM_ID = ?1 AND RESOURCE_TYPE = ?2 AND RESOURCE_ID = ?3"
                + " AND PRINCIPAL_TYPE = ?4 AND PRINCIPAL_ID = ?5 AND PERMISSION = ?6 AND SOURCE = ?7")
            .setParameter(1, grant.getRealmId()).setParameter(2, grant.getResourceType())
            .setParameter(3, grant.getResourceId()).setParameter(4, grant.getPrincipalType())
            .setParameter(5, grant.getPrincipalId()).setParameter(6, grant.getPermission())
            .setParameter(7, grant.getSource())
            .executeUpdate() > 0;
    }
}
