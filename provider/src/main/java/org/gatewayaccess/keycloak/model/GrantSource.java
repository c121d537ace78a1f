package org.gatewayaccess.keycloak.model;

/**
 * Where a grant or membership comes from. Each writer adds and removes only rows of its
 * own source, which is what lets an admin's grant survive an unlink.
 */
public final class GrantSource {

    public static final String ADMIN = "admin";
    public static final String SEED = "seed";
    public static final String MIGRATION = "migration";

    private static final String IDENTITY_PROVIDER_PREFIX = "identity-provider:";
    private static final String ROLE_PREFIX = "role:";

    private GrantSource() {}

    public static String identityProvider(String alias) {
        return IDENTITY_PROVIDER_PREFIX + alias;
    }

    public static String role(String roleName) {
        return ROLE_PREFIX + roleName;
    }

    public static boolean isIdentityProvider(String source) {
        return source != null && source.startsWith(IDENTITY_PROVIDER_PREFIX);
    }
}
