package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.util.JpaUtils;

/**
 * Users' links to identity providers, as SQL over Keycloak's link tables (read from the database, not through
 * Keycloak's user cache: see {@link org.gatewayaccess.keycloak.storage.KeycloakTables#isLinked}).
 * <p>
 * Keycloak keeps links in two tables: {@code FEDERATED_IDENTITY} for local users (including users
 * imported from user federation), and {@code BROKER_LINK} — its federated storage — for users of user
 * federation without import ({@code f:<component>:<external id>}, no {@code USER_ENTITY} row). A link
 * goes to exactly one of them, by the user id, so the two never hold the same user.
 */
final class FederatedLinks {

    private FederatedLinks() {}

    /**
     * SQL selecting {@code columns} (of USER_ID, IDENTITY_PROVIDER, REALM_ID: the columns both tables share)
     * of every link of realm {@code :realmParam} to provider {@code :aliasParam}, from both tables. UNION ALL, not
     * UNION: the tables never hold the same user, and a distinct would cost a sort of every linked user.
     * Each branch carries its own conditions so that each is planned on its table's indexes.
     */
    static String linksSql(EntityManager em, String columns, String realmParam, String aliasParam) {
        String where = " WHERE REALM_ID = :" + realmParam + " AND IDENTITY_PROVIDER = :" + aliasParam;
        return "SELECT " + columns + " FROM " + JpaUtils.getTableNameForNativeQuery("FEDERATED_IDENTITY", em) + where
                + " UNION ALL SELECT " + columns + " FROM " + JpaUtils.getTableNameForNativeQuery("BROKER_LINK", em)
                + where;
    }
}
