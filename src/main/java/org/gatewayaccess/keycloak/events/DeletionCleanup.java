package org.gatewayaccess.keycloak.events;

import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.grant.GrantStore;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.model.Principal;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.gatewayaccess.keycloak.membership.MembershipBulk;
import org.keycloak.connections.jpa.util.JpaUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Removes the extension's rows when what they refer to goes away. Keycloak deletes a
 * user's links, and a provider's links, in bulk without per-link events, so these
 * handlers remove by user, by group, by source and by realm rather than waiting for
 * unlink events that never come.
 */
final class DeletionCleanup {

    private final KeycloakSession session;
    private final EntityManager em;
    private final GrantStore grants;

    DeletionCleanup(KeycloakSession session) {
        this.session = session;
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

    /**
     * Grants and memberships from the provider go — and with them the Keycloak group
     * memberships that source alone kept — pools tied to it are kept but no longer tied to
     * any provider.
     */
    void identityProviderRemoved(RealmModel realm, String alias) {
        String realmId = realm.getId();
        String source = GrantSource.identityProvider(alias);
        grants.removeForSource(realmId, source);
        String memberships = JpaUtils.getTableNameForNativeQuery("GA_MEMBERSHIP", em);
        // No alias on the table deleted from: MariaDB (before 11.6) has no DELETE FROM t alias.
        String ugm = JpaUtils.getTableNameForNativeQuery("USER_GROUP_MEMBERSHIP", em);
        int left = em.createNativeQuery("DELETE FROM " + ugm
                + " WHERE EXISTS (SELECT 1 FROM " + memberships + " m WHERE m.REALM_ID = :realmId AND m.SOURCE = :source"
                + " AND m.GROUP_ID = " + ugm + ".GROUP_ID AND m.USER_ID = " + ugm + ".USER_ID)"
                + " AND NOT EXISTS (SELECT 1 FROM " + memberships + " o WHERE o.GROUP_ID = " + ugm + ".GROUP_ID AND o.USER_ID = "
                + ugm + ".USER_ID AND o.SOURCE <> :source)")
            .setParameter("realmId", realmId).setParameter("source", source).executeUpdate();
        delete("GaMembership.deleteBySource", realmId, "source", source);
        if (left > 0) {
            new MembershipBulk(session).evictUsers(realm);
        }
        delete("GaPool.detachIdentityProvider", realmId, "alias", alias);
    }

    /** The foreign keys to REALM cascade too; deleting first keeps H2 and PostgreSQL from depending on cascade order. */
    void realmRemoved(String realmId) {
        GatewayAccessCaches.of(session).invalidate(realmId);
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
