package org.gatewayaccess.keycloak.audit;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Who caused an automatic change, captured while the request that caused it is still
 * in progress (the change itself may be written after that request's commit): the user
 * behind the request's bearer token ({@link TokenUser}), otherwise the user whose link changed.
 */
public record EventActor(String realmId, String userId, String clientId, String ipAddress) {

    public static EventActor of(KeycloakSession session, String realmId, String linkedUserId) {
        TokenUser token = TokenUser.of(session);
        KeycloakContext context = session.getContext();
        ClientModel client = context.getClient();
        String ip = remoteAddress(context);
        String actorRealm = realmId;
        String actor = linkedUserId;
        String tokenUser = token.id();
        if (tokenUser != null) {
            actor = tokenUser;
            RealmModel issuerRealm = token.issuerRealm();
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
}
