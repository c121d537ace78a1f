package org.gatewayaccess.keycloak.storage;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Whether a user is linked to an identity provider, read from {@code FEDERATED_IDENTITY} now rather
 * than through Keycloak's user cache: link work runs after {@link UserRowLock} made it wait for an
 * earlier link or unlink of the same user, and must see what that one committed.
 */
public final class FederatedLinks {

    private FederatedLinks() {
    }

    public static boolean isLinked(KeycloakSession session, String userId, String alias) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager()
            .createQuery("select count(f) from FederatedIdentityEntity f where f.user.id = :userId"
                + " and f.identityProvider = :alias", Long.class)
            .setParameter("userId", userId).setParameter("alias", alias)
            .getSingleResult() > 0;
    }
}
