package org.gatewayaccess.keycloak.realm;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.RealmModel;

/**
 * The names of what the extension creates when it first meets a realm: the gateway roles, the
 * {@code gateway-access-checker} role and the three system groups' default names; and which realms are gateways
 * (never Keycloak's administration realm, {@link #isGateway}). The setting up itself is
 * {@code org.gatewayaccess.keycloak.setup.RealmSetup}: these names sit at the bottom of the package layers
 * (docs/architecture.md) so that the configuration, memberships and callers can use them without depending on the set-up.
 */
public final class GatewayRealmSetup {

    public static final String ROLE_ADMIN = "admin";
    public static final String ROLE_READ_ONLY_ADMIN = "admin-read-only";
    public static final String ROLE_GATEWAY_USER = "gateway-user";
    public static final String ROLE_CHECKER = "gateway-access-checker";
    public static final List<String> DEFAULT_GATEWAY_ROLES =
            List.of(ROLE_ADMIN, ROLE_READ_ONLY_ADMIN, ROLE_GATEWAY_USER);

    public static final String ADMINS_GROUP = "Admins";
    public static final String READ_ONLY_ADMINS_GROUP = "Read Only Admins";
    public static final String USERS_GROUP = "Gateway Users";

    private GatewayRealmSetup() {}

    /** Keycloak's administration realm ({@code master}) is never a gateway: nothing of the extension is created there. */
    public static boolean isGateway(RealmModel realm) {
        return !adminRealm().equals(realm.getName());
    }

    private static volatile String adminRealm;

    /**
     * The name of Keycloak's administration realm, read once: it is fixed at start-up, and {@link Config#getAdminRealm()}
     * looks it up in Keycloak's configuration on every call (a few percent of a {@code /check} when asked per request).
     */
    public static String adminRealm() {
        String name = adminRealm;
        if (name == null) {
            name = Config.getAdminRealm();
            adminRealm = name;
        }
        return name;
    }
}
