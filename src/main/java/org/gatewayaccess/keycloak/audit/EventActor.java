package org.gatewayaccess.keycloak.audit;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;

/**
 * Who caused an automatic change, captured while the request that caused it is still
 * in progress (the change itself is written after that request's commit): the admin
 * whose bearer token the request carried, otherwise the user whose link changed.
 */
public record EventActor(String realmId, String userId, String clientId, String ipAddress) {

    /** The subject of the request's bearer token, or null (no token, or a lightweight token without {@code sub}). */
    public static String tokenSubject(KeycloakSession session) {
        return session.getContext().getBearerToken() instanceof AccessToken t ? t.getSubject() : null;
    }

    public static EventActor of(KeycloakSession session, String realmId, String linkedUserId) {
        KeycloakContext context = session.getContext();
        AccessToken token = context.getBearerToken() instanceof AccessToken t ? t : null;
        ClientModel client = context.getClient();
        String ip = context.getConnection() == null ? null : context.getConnection().getRemoteAddr();
        String actorRealm = realmId;
        String actor = linkedUserId;
        if (token != null && token.getSubject() != null) {
            actor = token.getSubject();
            String issuer = token.getIssuer();
            RealmModel issuerRealm = issuer == null ? null : session.realms().getRealmByName(issuer.substring(issuer.lastIndexOf('/') + 1));
            if (issuerRealm != null) {
                actorRealm = issuerRealm.getId();
            }
        }
        return new EventActor(actorRealm, actor, client == null ? null : client.getId(), ip);
    }
}
