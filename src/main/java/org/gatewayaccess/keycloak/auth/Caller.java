package org.gatewayaccess.keycloak.auth;

import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * Who is calling and what they may do, decided from the database on every request
 * (group memberships and admin permissions), not from claims in the token.
 *
 * @param user           the authenticated user (for a master-realm admin: a master-realm user)
 * @param adminAuth      the same identity in the form Keycloak's admin events expect
 * @param keycloakAdmin  realm-management {@code manage-users} in this realm, or a master-realm admin with that right
 * @param keycloakViewer realm-management {@code view-users} (implied by manage-users)
 * @param gatewayAdmin   member of the realm's admins system group
 * @param readOnlyAdmin  member of the realm's read-only admins system group
 * @param checker        a service account holding {@code gateway-access-checker}
 * @param ownRealm       the token was issued by this realm (false for a master-realm admin)
 */
public record Caller(UserModel user, AdminAuth adminAuth, boolean keycloakAdmin, boolean keycloakViewer,
                     boolean gatewayAdmin, boolean readOnlyAdmin, boolean checker, boolean ownRealm) {

    /** May create, change and delete pools and grants. */
    public boolean canManage() {
        return gatewayAdmin || keycloakAdmin;
    }

    /** May ask about any user's access ({@code POST /check} with another user's id). */
    public boolean canCheckOthers() {
        return canReadAdministration() || checker;
    }

    /** May read administrative views (viewers, members, grants of others). */
    public boolean canReadAdministration() {
        return canManage() || readOnlyAdmin || keycloakViewer;
    }

    /** Recorded as {@code createdBy} / {@code grantedBy}. */
    public String actorId() {
        return user.getId();
    }
}
