package org.gatewayaccess.keycloak.storage;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.util.JpaUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.storage.StorageId;

/**
 * Users' links to identity providers, read from the database now rather than through Keycloak's
 * user cache: link work runs after {@link UserRowLock} made it wait for an earlier link or unlink of
 * the same user, and must see what that one committed.
 * <p>
 * Keycloak keeps links in two tables: {@code FEDERATED_IDENTITY} for local users (including users
 * imported from user federation), and {@code BROKER_LINK} — its federated storage — for users of user
 * federation without import ({@code f:<component>:<external id>}, no {@code USER_ENTITY} row). A link
 * goes to exactly one of them, by the user id, so the two never hold the same user.
 */
public final class FederatedLinks {

    private FederatedLinks() {
    }

    public static boolean isLinked(KeycloakSession session, String userId, String alias) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        String query = StorageId.isLocalStorage(userId)
            ? "select count(f) from FederatedIdentityEntity f where f.user.id = :userId and f.identityProvider = :alias"
            : "select count(b) from BrokerLinkEntity b where b.userId = :userId and b.identityProvider = :alias";
        return em.createQuery(query, Long.class).setParameter("userId", userId).setParameter("alias", alias)
            .getSingleResult() > 0;
    }

    /**
     * SQL selecting {@code columns} (of USER_ID, IDENTITY_PROVIDER, REALM_ID: the columns both tables share)
     * of every link of realm {@code :realmParam} to provider {@code :aliasParam}, from both tables. UNION ALL, not
     * UNION: the tables never hold the same user, and a distinct would cost a sort of every linked user.
     * Each branch carries its own conditions so that each is planned on its table's indexes.
     */
    public static String linksSql(EntityManager em, String columns, String realmParam, String aliasParam) {
        String where = " WHERE REALM_ID = :" + realmParam + " AND IDENTITY_PROVIDER = :" + aliasParam;
        return "SELECT " + columns + " FROM " + JpaUtils.getTableNameForNativeQuery("FEDERATED_IDENTITY", em) + where
            + " UNION ALL SELECT " + columns + " FROM " + JpaUtils.getTableNameForNativeQuery("BROKER_LINK", em) + where;
    }
}
