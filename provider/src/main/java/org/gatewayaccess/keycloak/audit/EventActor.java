package org.gatewayaccess.keycloak.audit;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;

/**
 * Who caused an automatic change, captured while the request that caused it is still
 * in progress (the change itself may be written after that request's commit): the user
 * behind the request's bearer token, otherwise the user whose link changed. Keycloak's
 * {@code admin-cli} tokens are lightweight (no {@code sub}); their user is found through
 * the token's session, as Keycloak's own admin authentication does.
 */
public record EventActor(String realmId, String userId, String clientId, String ipAddress) {

    /** The user behind the request's bearer token, or null (no token, or its session is gone). */
    public static String tokenSubject(KeycloakSession session) {
        AccessToken token = session.getContext().getBearerToken() instanceof AccessToken t ? t : null;
        return token == null ? null : tokenUser(session, token);
    }

    public static EventActor of(KeycloakSession session, String realmId, String linkedUserId) {
        KeycloakContext context = session.getContext();
        AccessToken token = context.getBearerToken() instanceof AccessToken t ? t : null;
        ClientModel client = context.getClient();
        String ip = remoteAddress(context);
        String actorRealm = realmId;
        String actor = linkedUserId;
        String tokenUser = token == null ? null : tokenUser(session, token);
        if (tokenUser != null) {
            actor = tokenUser;
            RealmModel issuerRealm = issuerRealm(session, token);
            if (issuerRealm != null) {
                actorRealm = issuerRealm.getId();
            }
        }
        return new EventActor(actorRealm, actor, client == null ? null : client.getId(), ip);
    }

    /**
     * The caller's address, or null outside a request. Keycloak 26.5 looks the connection up in Quarkus's request
     * context, which a background thread (sync, migration, link work) does not have: it throws there instead of
     * answering null, which failed every membership removal those threads made on 26.5.
     */
    private static String remoteAddress(KeycloakContext context) {
        try {
            return context.getConnection() == null
                    ? null
                    : context.getConnection().getRemoteAddr();
        } catch (RuntimeException notInARequest) {
            return null;
        }
    }

    private static String tokenUser(KeycloakSession session, AccessToken token) {
        if (token.getSubject() != null) {
            return token.getSubject();
        }
        RealmModel realm = issuerRealm(session, token);
        UserSessionModel userSession = realm == null || token.getSessionId() == null
                ? null
                : session.sessions().getUserSession(realm, token.getSessionId());
        return userSession == null ? null : userSession.getUser().getId();
    }

    private static RealmModel issuerRealm(KeycloakSession session, AccessToken token) {
        String issuer = token.getIssuer();
        return issuer == null ? null : session.realms().getRealmByName(issuer.substring(issuer.lastIndexOf('/') + 1));
    }
}
