package org.gatewayaccess.keycloak.events;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.UserRowLock;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * One user's link-derived grant and membership work, one transaction at a time.
 *
 * <p>That work reads "is the user linked?" and "which rows does the user hold?", then writes the
 * difference, after the commit of the link or unlink that caused it. Two such transactions of one
 * user at once (a link and an unlink in quick succession, from two requests) used to lose an
 * update: the unlink's work saw no grant yet (the link's work had not committed) and removed
 * nothing, then the link's work committed grants for a user no longer linked — or the other way
 * round, a linked user without grants. Found by ConcurrencyDriftIT on PostgreSQL.
 *
 * <p>Locking the user's row first makes them queue; the later one then reads the state the earlier
 * one committed (READ COMMITTED: each statement sees the latest commits) and the links as they are
 * after every change that preceded it, so the last one to run leaves what is true. The links are
 * read from the database ({@link #isLinked}), not through Keycloak's user cache, for the same reason.
 */
public final class UserLinkLock {

    private UserLinkLock() {
    }

    /** Locks the user's USER_ENTITY row until the transaction ends; false if the user no longer exists. */
    public static boolean lock(KeycloakSession session, String userId) {
        return UserRowLock.lock(session, userId);
    }

    /** Whether the user is linked to the provider, read from FEDERATED_IDENTITY now. */
    public static boolean isLinked(KeycloakSession session, String userId, String alias) {
        return em(session).createQuery("select count(f) from FederatedIdentityEntity f where f.user.id = :userId"
                + " and f.identityProvider = :alias", Long.class)
            .setParameter("userId", userId).setParameter("alias", alias)
            .getSingleResult() > 0;
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
