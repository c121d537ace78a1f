package org.gatewayaccess.keycloak.auth;

import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.gatewayaccess.keycloak.realm.SystemGroups;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.Config;
import org.keycloak.common.util.Encode;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

import java.util.List;
import java.util.function.Supplier;

/**
 * Authenticates the bearer token of a request to {@code /realms/{realm}/gateway-access}.
 * Tokens of this realm are accepted; tokens of the master realm only when they belong to
 * a Keycloak admin of this realm (the way Keycloak's own admin API accepts them, so the
 * lightweight {@code admin-cli} token works too); any other token is invalid.
 */
public final class CallerAuthenticator {

    private final KeycloakSession session;
    private final RealmModel realm;

    public CallerAuthenticator(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * @param groups the realm's system groups, asked for only when a right needs them and only after the token was
     *               verified (looking them up may set the realm up, which writes)
     */
    public Caller authenticate(Supplier<SystemGroups> groups) {
        KeycloakContext context = session.getContext();
        String tokenString = bearerToken(context.getRequestHeaders());
        String issuerRealm = issuerRealmName(tokenString);
        boolean ownRealm = realm.getName().equals(issuerRealm);
        RealmModel tokenRealm = ownRealm ? realm
            : Config.getAdminRealm().equals(issuerRealm) ? session.realms().getRealmByName(issuerRealm) : null;
        if (tokenRealm == null) {
            throw GatewayAccessException.unauthorized("The token was not issued by this realm.");
        }

        AuthResult result;
        // Keycloak's authenticator reads the realm from the context as well; put ours back afterwards.
        context.setRealm(tokenRealm);
        try {
            result = new AppAuthManager.BearerTokenAuthenticator(session)
                .setRealm(tokenRealm)
                .setConnection(context.getConnection())
                .setHeaders(context.getRequestHeaders())
                .setTokenString(tokenString)
                .authenticate();
        } catch (NotAuthorizedException e) {
            // Keycloak's own refusal (its exception mapper would answer without the contract's body): ours instead
            throw GatewayAccessException.unauthorized("The bearer token is invalid or expired.");
        } finally {
            context.setRealm(realm);
        }
        if (result == null || result.user() == null) {
            throw GatewayAccessException.unauthorized("The bearer token is invalid or expired.");
        }

        AdminAuth adminAuth = new AdminAuth(tokenRealm, result.token(), result.user(), result.client());
        UserModel user = result.user();
        // Keycloak's admin permissions are evaluated only when a right needs them (not on a self-check).
        AdminPermissionEvaluator[] permissions = new AdminPermissionEvaluator[1];
        java.util.function.Supplier<AdminPermissionEvaluator> evaluator = () -> {
            if (permissions[0] == null) {
                permissions[0] = AdminPermissions.evaluator(session, realm, adminAuth);
            }
            return permissions[0];
        };
        RoleModel checkerRole = realm.getRole(GatewayRealmSetup.ROLE_CHECKER);
        Caller caller = new Caller(user, adminAuth, ownRealm, result.token().getIssuedFor(), AdminClientScope.granted(result.token()),
            () -> evaluator.get().users().canManage(),
            () -> evaluator.get().users().canView(),
            () -> ownRealm && isMember(user, groups.get().adminsGroupId()),
            () -> ownRealm && isMember(user, groups.get().readOnlyAdminsGroupId()),
            () -> ownRealm && user.getServiceAccountClientLink() != null && checkerRole != null && user.hasRole(checkerRole));
        if (!ownRealm && !caller.keycloakViewer()) {
            throw GatewayAccessException.unauthorized("The token was not issued by this realm.");
        }
        return caller;
    }

    /**
     * The token of the one {@code Authorization: Bearer <token>} header. Anything else is our 401: Keycloak's helper
     * throws its own NotAuthorizedException for a header of another scheme, which would have become a 500 here.
     */
    private static String bearerToken(HttpHeaders headers) {
        List<String> values = headers.getRequestHeaders().get(HttpHeaders.AUTHORIZATION);
        if (values == null || values.isEmpty()) {
            throw GatewayAccessException.unauthorized("A bearer token is required.");
        }
        if (values.size() > 1) {
            throw GatewayAccessException.unauthorized("Send one Authorization header, not " + values.size() + ".");
        }
        String token;
        try {
            token = AppAuthManager.extractAuthorizationHeaderToken(headers);
        } catch (NotAuthorizedException e) {
            token = null;
        }
        if (token == null || token.isBlank()) {
            throw GatewayAccessException.unauthorized("The Authorization header must be 'Bearer <access token>'.");
        }
        return token;
    }

    private boolean isMember(UserModel user, String groupId) {
        GroupModel group = groupId == null ? null : session.groups().getGroupById(realm, groupId);
        return group != null && user.isMemberOf(group);
    }

    /** The realm named in the token's issuer, read without trusting the token yet (the authenticator verifies it). */
    private static String issuerRealmName(String tokenString) {
        try {
            AccessToken token = new JWSInput(tokenString).readJsonContent(AccessToken.class);
            String issuer = token.getIssuer();
            if (issuer == null || issuer.indexOf('/') < 0) {
                throw GatewayAccessException.unauthorized("The bearer token has no issuer.");
            }
            return Encode.decodePath(issuer.substring(issuer.lastIndexOf('/') + 1));
        } catch (JWSInputException | RuntimeException e) {
            if (e instanceof GatewayAccessException gae) {
                throw gae;
            }
            throw GatewayAccessException.unauthorized("The bearer token is malformed.");
        }
    }
}
