package org.gatewayaccess.keycloak.auth;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * Who is calling and what they may do, decided from the database on every request
 * (group memberships and admin permissions), not from claims in the token.
 *
 * <p>Each right is worked out on first use and remembered for the request: a user checking
 * its own access ({@code POST /check}, the hot path) never pays for evaluating Keycloak's
 * admin permissions or group memberships it does not need.
 */
public final class Caller {

    private final String userId;
    private final Supplier<UserModel> user;
    private final Supplier<AdminAuth> adminAuth;
    private UserModel loadedUser;
    private AdminAuth loadedAdminAuth;
    private final boolean ownRealm;
    private final String clientId;
    private final boolean clientGranted;
    private final Lazy keycloakAdmin;
    private final Lazy keycloakViewer;
    private final Lazy gatewayAdmin;
    private final Lazy readOnlyAdmin;
    private final Lazy checker;

    /**
     * @param userId         the authenticated user's id
     * @param user           the authenticated user (for a master-realm admin: a master-realm user), read on first use
     *                       (a request that needs only the id, a self-check within the window, never reads it)
     * @param adminAuth      the same identity in the form Keycloak's admin events expect, made on first use
     * @param ownRealm       the token was issued by this realm (false for a master-realm admin)
     * @param clientId       the client the token was issued to ({@code azp})
     * @param clientGranted  the token carries the client grant of writes ({@link AdminClientScope})
     * @param keycloakAdmin  realm-management {@code manage-users} in this realm, or a master-realm admin with that right
     * @param keycloakViewer realm-management {@code view-users} (manage-users implies it: see {@link #keycloakViewer()})
     * @param gatewayAdmin   member of the realm's admins system group
     * @param readOnlyAdmin  member of the realm's read-only admins system group
     * @param checker        a service account holding {@code gateway-access-checker}
     */
    public Caller(
            String userId,
            Supplier<UserModel> user,
            Supplier<AdminAuth> adminAuth,
            boolean ownRealm,
            String clientId,
            boolean clientGranted,
            BooleanSupplier keycloakAdmin,
            BooleanSupplier keycloakViewer,
            BooleanSupplier gatewayAdmin,
            BooleanSupplier readOnlyAdmin,
            BooleanSupplier checker) {
        this.userId = userId;
        this.user = user;
        this.adminAuth = adminAuth;
        this.ownRealm = ownRealm;
        this.clientId = clientId;
        this.clientGranted = clientGranted;
        this.keycloakAdmin = new Lazy(keycloakAdmin);
        this.keycloakViewer = new Lazy(keycloakViewer);
        this.gatewayAdmin = new Lazy(gatewayAdmin);
        this.readOnlyAdmin = new Lazy(readOnlyAdmin);
        this.checker = new Lazy(checker);
    }

    public String userId() {
        return userId;
    }

    public UserModel user() {
        if (loadedUser == null) {
            loadedUser = user.get();
        }
        return loadedUser;
    }

    public AdminAuth adminAuth() {
        if (loadedAdminAuth == null) {
            loadedAdminAuth = adminAuth.get();
        }
        return loadedAdminAuth;
    }

    public boolean ownRealm() {
        return ownRealm;
    }

    public String clientId() {
        return clientId;
    }

    /** The token's client was given the right to administer ({@link AdminClientScope}); says nothing about the user. */
    public boolean clientGranted() {
        return clientGranted;
    }

    public boolean keycloakAdmin() {
        return keycloakAdmin.get();
    }

    /** {@code view-users}, or implied by {@code manage-users} (asked first: it is remembered anyway). */
    public boolean keycloakViewer() {
        return keycloakAdmin() || keycloakViewer.get();
    }

    public boolean gatewayAdmin() {
        return gatewayAdmin.get();
    }

    public boolean readOnlyAdmin() {
        return readOnlyAdmin.get();
    }

    public boolean checker() {
        return checker.get();
    }

    /** May create, change and delete pools and grants. */
    public boolean canManage() {
        return gatewayAdmin() || keycloakAdmin();
    }

    /** May ask about any user's access ({@code POST /check} with another user's id); the cheapest test first. */
    public boolean canCheckOthers() {
        return checker() || readOnlyAdmin() || canReadAdministration();
    }

    /** May read administrative views (viewers, members, grants of others). */
    public boolean canReadAdministration() {
        return gatewayAdmin() || readOnlyAdmin() || keycloakAdmin() || keycloakViewer();
    }

    /** Recorded as {@code createdBy} / {@code grantedBy}. */
    public String actorId() {
        return userId;
    }

    /** A right computed once, on first use (requests are served by one thread). */
    private static final class Lazy {
        private BooleanSupplier supplier;
        private boolean value;

        Lazy(BooleanSupplier supplier) {
            this.supplier = supplier;
        }

        boolean get() {
            if (supplier != null) {
                value = supplier.getAsBoolean();
                supplier = null;
            }
            return value;
        }
    }
}
