package org.gatewayaccess.keycloak.audit;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;

/**
 * The user behind the bearer token of a session's request. Keycloak's {@code admin-cli} tokens are lightweight (no
 * {@code sub}); their user is found through the token's session, as Keycloak's own admin authentication does.
 */
public final class TokenUser {

    private final KeycloakSession session;
    /** The request's access token; null without one. */
    private final AccessToken token;

    private TokenUser(KeycloakSession session, AccessToken token) {
        this.session = session;
        this.token = token;
    }

    /** The token user of this session's request. */
    public static TokenUser of(KeycloakSession session) {
        return new TokenUser(session, session.getContext().getBearerToken() instanceof AccessToken t ? t : null);
    }

    /** The user's id, or null (no token, or its session is gone). */
    public String id() {
        if (token == null) {
            return null;
        }
        if (token.getSubject() != null) {
            return token.getSubject();
        }
        RealmModel realm = issuerRealm();
        UserSessionModel userSession = realm == null || token.getSessionId() == null
                ? null
                : session.sessions().getUserSession(realm, token.getSessionId());
        return userSession == null ? null : userSession.getUser().getId();
    }

    /** The realm that issued the token, or null (no token, or the realm is gone). */
    RealmModel issuerRealm() {
        String issuer = token == null ? null : token.getIssuer();
        return issuer == null ? null : session.realms().getRealmByName(issuer.substring(issuer.lastIndexOf('/') + 1));
    }
}
