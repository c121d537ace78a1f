package org.gatewayaccess.keycloak.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.keycloak.auth.AdminClientScope;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.managers.ClientManager;

/**
 * The public OIDC client {@value #CLIENT_ID} through which the access console signs people
 * in (authorization code with PKCE S256, nothing else). The extension provides it once per
 * realm and records that in the realm attribute {@value #MARKER}: an existing client of
 * that id (say, from a realm import) is adopted untouched, and a client an operator deleted
 * to switch the console off stays deleted. It has the client scope {@value AdminClientScope#NAME}
 * as a Default client scope (an adopted one is given it once: {@link #giveAdminScope}).
 */
public final class ConsoleClient {

    public static final String CLIENT_ID = "gateway-access-console";
    /** {@code created} or {@code adopted}; present means "done, never again for this realm". */
    public static final String MARKER = "gatewayAccess.consoleClient";

    private static final Logger LOG = Logger.getLogger(ConsoleClient.class);

    private final KeycloakSession session;

    private ConsoleClient(KeycloakSession session) {
        this.session = session;
    }

    /** The console's client as this session's transaction provides it. */
    public static ConsoleClient of(KeycloakSession session) {
        return new ConsoleClient(session);
    }

    /** Creates the client unless this realm already had its turn; cheap when it has (a cached realm attribute). */
    public void ensure(RealmModel realm) {
        if (realm.getAttribute(MARKER) != null) {
            return;
        }
        if (realm.getClientByClientId(CLIENT_ID) != null) {
            realm.setAttribute(MARKER, "adopted");
            return;
        }
        ClientModel client = ClientManager.createClient(session, realm, representation(realm.getName()));
        // the console administers as far as its signed-in user may: it needs the client grant of writes
        ClientScopeModel adminScope = AdminClientScope.find(realm);
        if (adminScope != null) {
            AdminClientScope.grantTo(client, adminScope);
        }
        realm.setAttribute(MARKER, "created");
        LOG.infof(
                "Gateway Access created the public client %s for the access console of realm %s",
                CLIENT_ID, realm.getName());
    }

    /**
     * Gives the client scope {@value AdminClientScope#NAME} to the console's client, created or adopted: the console
     * always administers as far as its signed-in user may. Called once, when the realm gets the scope.
     */
    public static void giveAdminScope(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(CLIENT_ID);
        ClientScopeModel adminScope = AdminClientScope.find(realm);
        if (client != null && adminScope != null) {
            AdminClientScope.grantTo(client, adminScope);
        }
    }

    /** The console's path below the server's base URL, with the trailing slash its relative asset URLs need. */
    public static String consolePath(String realmName) {
        return "/realms/" + realmName + "/gateway-access/console/";
    }

    static ClientRepresentation representation(String realmName) {
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(CLIENT_ID);
        rep.setName("Gateway Access console");
        rep.setDescription(
                "Created by the Gateway Access extension for its access console; delete it to switch the console off.");
        rep.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        rep.setEnabled(true);
        // Least privilege: a browser app holds no secret, so public; only the authorization code flow.
        rep.setPublicClient(true);
        rep.setStandardFlowEnabled(true);
        rep.setImplicitFlowEnabled(false);
        rep.setDirectAccessGrantsEnabled(false);
        rep.setServiceAccountsEnabled(false);
        rep.setBearerOnly(false);
        rep.setConsentRequired(false);
        // The API decides from the database, not from token claims; without the full scope the console's
        // tokens carry no roles, so they cannot exercise a user's realm-management roles either.
        rep.setFullScopeAllowed(false);
        // Relative to the URL the browser reached Keycloak by, as Keycloak's own account console does.
        rep.setRootUrl("${authBaseUrl}");
        rep.setBaseUrl(consolePath(realmName));
        rep.setRedirectUris(List.of(consolePath(realmName) + "*"));
        rep.setWebOrigins(List.of("+"));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("pkce.code.challenge.method", "S256");
        attributes.put("post.logout.redirect.uris", "+");
        attributes.put("oauth2.device.authorization.grant.enabled", "false");
        attributes.put("oidc.ciba.grant.enabled", "false");
        rep.setAttributes(attributes);
        return rep;
    }
}
