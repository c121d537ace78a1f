package org.gatewayaccess.keycloak.events;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.grant.GrantStore;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.model.Principal;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Removes the extension's rows when what they refer to goes away. Keycloak deletes a
 * user's links, and a provider's links, in bulk without per-link events, so these
 * handlers remove by user, by group, by source and by realm rather than waiting for
 * unlink events that never come.
 */
final class DeletionCleanup {

    private final EntityManager em;
    private final GrantStore grants;

    DeletionCleanup(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.grants = new GrantStore(session);
    }

    void userRemoved(String realmId, String userId) {
        grants.removeForPrincipal(realmId, Principal.user(userId));
        delete("GaMembership.deleteByUser", realmId, "userId", userId);
        delete("GaPendingUser.deleteByUser", realmId, "userId", userId);
    }

    void groupRemoved(String realmId, String groupId) {
        grants.removeForPrincipal(realmId, Principal.group(groupId));
        delete("GaMembership.deleteByGroup", realmId, "groupId", groupId);
    }

    /** Grants and memberships from the provider go; pools tied to it are kept but no longer tied to any provider. */
    void identityProviderRemoved(String realmId, String alias) {
        String source = GrantSource.identityProvider(alias);
        grants.removeForSource(realmId, source);
        delete("GaMembership.deleteBySource", realmId, "source", source);
        delete("GaPool.detachIdentityProvider", realmId, "alias", alias);
    }

    /** The foreign keys to REALM cascade too; deleting first keeps H2 and PostgreSQL from depending on cascade order. */
    void realmRemoved(String realmId) {
        for (String query : new String[]{"GaGrant.deleteByRealm", "GaMembership.deleteByRealm", "GaPendingUser.deleteByRealm",
            "GaResource.deleteByRealm", "GaJob.deleteByRealm", "GaPool.deleteByRealm"}) {
            em.createNamedQuery(query).setParameter("realmId", realmId).executeUpdate();
        }
        em.createQuery("delete from GaRealmStateEntity s where s.realmId = :realmId").setParameter("realmId", realmId).executeUpdate();
    }

    private void delete(String namedQuery, String realmId, String param, String value) {
        em.createNamedQuery(namedQuery).setParameter("realmId", realmId).setParameter(param, value).executeUpdate();
    }
}
