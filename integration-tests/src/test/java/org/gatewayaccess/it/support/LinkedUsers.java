package org.gatewayaccess.it.support;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Many users linked to identity providers, written straight into Keycloak's tables of a PostgreSQL database (creating
 * them through the admin API would take minutes), as if the extension had been installed after they linked: no grant
 * exists for them until a sync.
 */
public final class LinkedUsers {

    private LinkedUsers() {}

    /**
     * Users {@code <prefix>0} … {@code <prefix><count-1>}; user n is linked to {@code providers[n mod providers.size()]}
     * (the aliases are the test's own constants, written into the statement).
     */
    public static void seedInPostgres(
            Database db, String realmId, String usernamePrefix, int count, List<String> providers) {
        Sql.update(
                db,
                "INSERT INTO USER_ENTITY (ID, EMAIL_CONSTRAINT, EMAIL_VERIFIED, ENABLED, REALM_ID, USERNAME, CREATED_TIMESTAMP,"
                        + " NOT_BEFORE) SELECT u.id, u.id, false, true, ?, ? || g, 0, 0 FROM generate_series(0, ?) g,"
                        + " LATERAL (SELECT gen_random_uuid()::text AS id, g AS n) u",
                realmId,
                usernamePrefix,
                count - 1);
        String aliases =
                providers.stream().map(p -> "'" + p.replace("'", "''") + "'").collect(Collectors.joining(", "));
        Sql.update(
                db,
                "INSERT INTO FEDERATED_IDENTITY (IDENTITY_PROVIDER, REALM_ID, FEDERATED_USER_ID, FEDERATED_USERNAME, USER_ID)"
                        + " SELECT (ARRAY[" + aliases + "])[CAST(SUBSTRING(USERNAME FROM ?) AS INTEGER) % "
                        + providers.size() + " + 1],"
                        + " REALM_ID, 'ext-' || ID, USERNAME, ID FROM USER_ENTITY WHERE REALM_ID = ? AND USERNAME LIKE ? || '%'",
                usernamePrefix.length() + 1,
                realmId,
                usernamePrefix);
    }
}
