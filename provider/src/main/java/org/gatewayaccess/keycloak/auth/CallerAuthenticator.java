package org.gatewayaccess.keycloak.auth;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.gatewayaccess.keycloak.realm.SystemGroups;
import org.keycloak.common.util.Encode;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.cache.infinispan.entities.CachedUser;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

/**
 * Authenticates the bearer token of a request to {@code /realms/{realm}/gateway-access}.
 * Tokens of this realm are accepted; tokens of the master realm only when they belong to
 * a Keycloak admin of this realm (the way Keycloak's own admin API accepts them, so the
 * lightweight {@code admin-cli} token works too); any other token is invalid.
 *
 * <p>A token verified in full is remembered for a bounded window ({@link VerifiedTokens}); within it, a request
 * checks again only what can change in an instant (expiry, revocation, user, client, session).
 */
public final class CallerAuthenticator {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final VerifiedTokens verifiedTokens;

    /** @param verifiedTokens this node's memory of verified tokens */
    public CallerAuthenticator(KeycloakSession session, RealmModel realm, VerifiedTokens verifiedTokens) {
        this.session = session;
        this.realm = realm;
        this.verifiedTokens = verifiedTokens;
    }

    /**
     * @param groups the realm's system groups, asked for only when a right needs them and only after the token was
     *               verified (looking them up may set the realm up, which writes)
     */
    public Caller authenticate(Supplier<SystemGroups> groups) {
        KeycloakContext context = session.getContext();
        String tokenString = bearerToken(context.getRequestHeaders());
        // Read before verifying: a change of the realm while this request verifies makes what it remembers stale.
        long generation = GatewayAccessCaches.of(session).generation(realm.getId());
        VerifiedTokens.Key key = VerifiedTokens.key(realm.getId(), tokenString);
        VerifiedTokens.Verified known = verifiedTokens.get(key, generation, System.currentTimeMillis());
        if (known != null) {
            Caller caller = fromVerified(known, groups);
            if (caller != null) {
                return caller;
            }
            // something about the token, its user, client or session changed: verify in full (which refuses or
            // re-admits)
            verifiedTokens.forget(key);
        }
        return verify(tokenString, key, generation, groups);
    }

    /** The full verification: Keycloak's bearer-token authenticator (signature, expiry, revocation, session, user, client). */
    private Caller verify(String tokenString, VerifiedTokens.Key key, long generation, Supplier<SystemGroups> groups) {
        KeycloakContext context = session.getContext();
        long verifiedAt = System.currentTimeMillis();
        String issuerRealm = issuerRealmName(tokenString);
        boolean ownRealm = realm.getName().equals(issuerRealm);
        RealmModel tokenRealm = ownRealm
                ? realm
                : GatewayRealmSetup.adminRealm().equals(issuerRealm)
                        ? session.realms().getRealmByName(issuerRealm)
                        : null;
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
        AccessToken token = result.token();
        VerifiedTokens.Verified verified = new VerifiedTokens.Verified(
                token, tokenRealm.getId(), result.user().getId(), token.getIssuedFor(), generation, verifiedAt);
        // Keycloak's verifier has just checked the issuer against the frontend URL of this request
        verified.issuerCheckedAt = issuerInputs(tokenRealm);
        UserModel verifiedUser = result.user();
        Caller caller = caller(verified, tokenRealm, () -> verifiedUser, result.client(), groups);
        // A sender-constrained token (DPoP, mTLS: "cnf") proves its holder on every request: never remembered.
        if (token.getConfirmation() == null && token.getIssuedFor() != null) {
            verifiedTokens.put(key, verified);
        }
        return caller;
    }

    /**
     * A token verified within the window, if it still holds: what can change in an instant is checked again here, from
     * Keycloak's caches (expiry, revocation, not-before pushes, user and client enabled, the user session); null if
     * anything no longer holds.
     */
    private Caller fromVerified(VerifiedTokens.Verified known, Supplier<SystemGroups> groups) {
        RealmModel tokenRealm = known.tokenRealmId.equals(realm.getId())
                ? realm
                : session.realms().getRealm(known.tokenRealmId);
        AccessToken token = known.token;
        if (tokenRealm == null
                || !token.isActive()
                || token.getIat() < tokenRealm.getNotBefore()
                || !new TokenManager.TokenRevocationCheck(session).test(token)) {
            return null;
        }
        // The frontend URL is a function of the raw request base URI, the realm's frontendUrl and the server's (fixed)
        // hostname options: with the same two inputs the issuer check gives what it gave before, so it is skipped.
        String inputs = issuerInputs(tokenRealm);
        if (!inputs.equals(known.issuerCheckedAt)) {
            if (!issuedHere(tokenRealm, token)) {
                return null; // asked at another host name than it was verified at: Keycloak's issuer check decides
            }
            known.issuerCheckedAt = inputs;
        }
        ClientModel client = tokenRealm.getClientByClientId(known.clientId);
        if (client == null || !client.isEnabled() || token.getIat() < client.getNotBefore()) {
            return null;
        }
        // Keycloak's own cached entry of the user, read before the user is checked: the same entry still in the cache
        // means no change of the user reached this node since it was checked (every change, on this node or reported
        // by another, removes the entry), so the check is not repeated, and the user is read only if a right needs it.
        Object entry = cachedUserEntry(tokenRealm, known.userId);
        Supplier<UserModel> user;
        if (entry != null && entry == known.userEntry) {
            user = () -> {
                UserModel u = session.users().getUserById(tokenRealm, known.userId);
                if (u == null) {
                    throw GatewayAccessException.unauthorized("The bearer token is invalid or expired.");
                }
                return u;
            };
        } else {
            UserModel checked = session.users().getUserById(tokenRealm, known.userId);
            if (!TokenManager.isUserValid(session, tokenRealm, token, checked)) {
                return null;
            }
            known.userEntry = entry;
            user = () -> checked;
        }
        KeycloakContext context = session.getContext();
        if (token.getSessionId() != null) {
            // logged out, expired or the client's session gone: refused (an offline session is verified in full
            // instead)
            UserSessionModel userSession = session.sessions().getUserSession(tokenRealm, token.getSessionId());
            if (!AuthenticationManager.isSessionValid(tokenRealm, userSession)
                    || userSession.getAuthenticatedClientSessionByClient(client.getId()) == null) {
                return null;
            }
            context.setUserSession(userSession);
        }
        context.setClient(client);
        context.setBearerToken(token);
        return caller(known, tokenRealm, user, client, groups);
    }

    /** The issuer check of Keycloak's verifier: the token's realm at the URL this request came to (its frontend URL). */
    private boolean issuedHere(RealmModel tokenRealm, AccessToken token) {
        KeycloakContext context = session.getContext();
        if (tokenRealm == realm) {
            return Urls.realmIssuer(context.getUri().getBaseUri(), tokenRealm.getName())
                    .equals(token.getIssuer());
        }
        context.setRealm(tokenRealm);
        try {
            return Urls.realmIssuer(context.getUri().getBaseUri(), tokenRealm.getName())
                    .equals(token.getIssuer());
        } finally {
            context.setRealm(realm);
        }
    }

    /**
     * Keycloak's user cache entry of the user on this node ({@code users} cache), or null when there is none or it cannot
     * stand for the user's state: a user of federated storage (its cache policy may re-read it) is checked every time.
     */
    private Object cachedUserEntry(RealmModel tokenRealm, String userId) {
        try {
            InfinispanConnectionProvider infinispan = session.getProvider(InfinispanConnectionProvider.class);
            Object entry = infinispan == null
                    ? null
                    : infinispan
                            .getCache(InfinispanConnectionProvider.USER_CACHE_NAME)
                            .get(userId);
            return entry instanceof CachedUser cached
                            && cached.getFederationLink() == null
                            && tokenRealm.getId().equals(cached.getRealm())
                    ? entry
                    : null;
        } catch (RuntimeException e) {
            return null; // no such cache here: the user is checked every time
        }
    }

    /** What the frontend URL (and so the issuer check) depends on besides the server's options: see {@link #issuedHere}. */
    private String issuerInputs(RealmModel tokenRealm) {
        String frontendUrl = tokenRealm.getAttribute("frontendUrl");
        return session.getContext().getHttpRequest().getUri().getBaseUri() + " "
                + (frontendUrl == null ? "" : frontendUrl);
    }

    /** The caller, its rights worked out on first use (by this request or an earlier one within the window). */
    private Caller caller(
            VerifiedTokens.Verified v,
            RealmModel tokenRealm,
            Supplier<UserModel> userModel,
            ClientModel client,
            Supplier<SystemGroups> groups) {
        boolean ownRealm = tokenRealm.getId().equals(realm.getId());
        UserModel[] loaded = new UserModel[1];
        Supplier<UserModel> user = () -> loaded[0] != null ? loaded[0] : (loaded[0] = userModel.get());
        AdminAuth[] auth = new AdminAuth[1];
        Supplier<AdminAuth> adminAuth =
                () -> auth[0] != null ? auth[0] : (auth[0] = new AdminAuth(tokenRealm, v.token, user.get(), client));
        // Keycloak's admin permissions are evaluated only when a right needs them (not on a self-check).
        AdminPermissionEvaluator[] permissions = new AdminPermissionEvaluator[1];
        Supplier<AdminPermissionEvaluator> evaluator = () -> {
            if (permissions[0] == null) {
                permissions[0] = AdminPermissions.evaluator(session, realm, adminAuth.get());
            }
            return permissions[0];
        };
        Caller caller = new Caller(
                v.userId,
                user,
                adminAuth,
                ownRealm,
                v.token.getIssuedFor(),
                AdminClientScope.granted(v.token),
                remembered(
                        () -> v.keycloakAdmin,
                        b -> v.keycloakAdmin = b,
                        () -> evaluator.get().users().canManage()),
                remembered(
                        () -> v.keycloakViewer,
                        b -> v.keycloakViewer = b,
                        () -> evaluator.get().users().canView()),
                remembered(
                        () -> v.gatewayAdmin,
                        b -> v.gatewayAdmin = b,
                        () -> ownRealm && isMember(user.get(), groups.get().adminsGroupId())),
                remembered(
                        () -> v.readOnlyAdmin,
                        b -> v.readOnlyAdmin = b,
                        () -> ownRealm && isMember(user.get(), groups.get().readOnlyAdminsGroupId())),
                remembered(() -> v.checker, b -> v.checker = b, () -> ownRealm && isChecker(user.get())));
        if (!ownRealm && !caller.keycloakViewer()) {
            throw GatewayAccessException.unauthorized("The token was not issued by this realm.");
        }
        return caller;
    }

    private boolean isChecker(UserModel user) {
        if (user.getServiceAccountClientLink() == null) {
            return false;
        }
        RoleModel checkerRole = realm.getRole(GatewayRealmSetup.ROLE_CHECKER);
        return checkerRole != null && user.hasRole(checkerRole);
    }

    /** A right as remembered with the verified token, else worked out now and remembered for the window. */
    private static BooleanSupplier remembered(
            Supplier<Boolean> known, Consumer<Boolean> remember, BooleanSupplier compute) {
        return () -> {
            Boolean value = known.get();
            if (value == null) {
                value = compute.getAsBoolean();
                remember.accept(value);
            }
            return value;
        };
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
