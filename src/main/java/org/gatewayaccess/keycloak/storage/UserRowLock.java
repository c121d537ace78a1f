package org.gatewayaccess.keycloak.storage;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.storage.StorageId;

/**
 * One user's grant and membership work, one transaction at a time: every writer that reads "what
 * does the user hold / which sources are there" and then writes the difference (link work after a
 * commit, role and group changes in Keycloak's own request) first locks the user's
 * {@code USER_ENTITY} row. The later transaction then waits and, under READ COMMITTED, reads what
 * the earlier one committed instead of deciding on a state that is about to change (found by
 * ConcurrencyDriftIT on PostgreSQL: a link and an unlink, and a role grant and revocation, of one
 * user at the same moment each lost an update). Taking the lock again in the same transaction is free.
 * <p>
 * Users of user federation without import ({@code f:<component>:<external id>}) have no
 * {@code USER_ENTITY} row, and no other row of theirs is sure to exist (their links, in
 * {@code BROKER_LINK}, come and go with the very change being serialised). They queue on the
 * realm's {@code GA_REALM_STATE} row instead, as {@code JobStore.lockRealm} does: coarser — such
 * users' link work in one realm runs one transaction after the other — but the transactions are
 * short, and a row lock is the only serialisation that holds across the nodes of a cluster.
 */
public final class UserRowLock {

    private UserRowLock() {
    }

    /**
     * Locks the user's row (or, for a user of federated storage, the realm's row) until the transaction ends;
     * false if a local user no longer exists. A federated-storage user is not looked up (that would ask the
     * external store): if it is gone, Keycloak has removed its links, and the work that follows sees none.
     */
    public static boolean lock(KeycloakSession session, String realmId, String userId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        if (!StorageId.isLocalStorage(userId)) {
            em.find(GaRealmStateEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
            return true;
        }
        return em.find(UserEntity.class, userId, LockModeType.PESSIMISTIC_WRITE) != null;
    }
}
