package org.gatewayaccess.keycloak.storage;

import jakarta.persistence.LockModeType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.UserEntity;

/**
 * One user's grant and membership work, one transaction at a time: every writer that reads "what
 * does the user hold / which sources are there" and then writes the difference (link work after a
 * commit, role and group changes in Keycloak's own request) first locks the user's
 * {@code USER_ENTITY} row. The later transaction then waits and, under READ COMMITTED, reads what
 * the earlier one committed instead of deciding on a state that is about to change (found by
 * ConcurrencyDriftIT on PostgreSQL: a link and an unlink, and a role grant and revocation, of one
 * user at the same moment each lost an update). Taking the lock again in the same transaction is free.
 */
public final class UserRowLock {

    private UserRowLock() {
    }

    /** Locks the user's row until the transaction ends; false if the user no longer exists. */
    public static boolean lock(KeycloakSession session, String userId) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager()
            .find(UserEntity.class, userId, LockModeType.PESSIMISTIC_WRITE) != null;
    }
}
