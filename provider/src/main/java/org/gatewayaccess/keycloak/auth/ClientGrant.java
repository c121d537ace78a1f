package org.gatewayaccess.keycloak.auth;

import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.model.GatewayAccessException;

/**
 * Whether the client a token was issued to may administer the gateway, asked before every write of the API. A
 * gateway admin's authority comes from the database, whichever client the token is for; this is what keeps it from
 * travelling in the tokens of every application the admin signs in to. What the user may do is decided afterwards, as
 * before: the grant lets a client use its user's rights, it adds none.
 */
public final class ClientGrant {

    private ClientGrant() {}

    /**
     * Refuses with 403 {@code client_not_allowed} unless the token carries {@value AdminClientScope#NAME}, the caller is a
     * Keycloak admin (whose reach Keycloak already bounds by the token's own roles, so its admin API would accept the
     * same token), or the realm still runs without the grant ({@code adminClientScopeRequired: false}, an upgraded realm).
     */
    public static void requireForWrite(Caller caller, GatewayGroups groups) {
        if (caller.clientGranted() || caller.keycloakAdmin() || !groups.config().adminClientScopeRequired()) {
            return;
        }
        throw GatewayAccessException.forbidden(
                "client_not_allowed",
                "Client '" + caller.clientId() + "' may not administer"
                        + " this gateway: its token lacks the client scope '" + AdminClientScope.NAME
                        + "'. A realm admin grants it"
                        + " in the admin console (Clients, " + caller.clientId()
                        + ", Client scopes, Add client scope, Default).");
    }
}
