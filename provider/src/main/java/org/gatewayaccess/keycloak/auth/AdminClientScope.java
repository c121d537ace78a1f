package org.gatewayaccess.keycloak.auth;

import java.util.Arrays;
import org.gatewayaccess.keycloak.adminconsole.ConfigTabMirror;
import org.gatewayaccess.keycloak.audit.AutomaticAdminEvents;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.config.GatewayConfigParser;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.representation.Config;
import org.gatewayaccess.keycloak.sync.ConfigUpdate;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.AccessToken;

/**
 * The grant that lets a client's tokens administer a gateway: the realm client scope {@value #NAME}. Authority over a
 * gateway is read from the database (group membership), so without a grant on the token every application a gateway
 * admin signs in to would hold that authority; with it, only the clients a realm admin gave the scope to (as a Default
 * client scope, or an Optional one the client asks for) carry it, Keycloak's idiom of "a token is good for what its
 * scope says". The scope has no mappers: its name in the token's {@code scope} claim is the grant.
 *
 * <p>The extension creates (or adopts) the scope once per realm and records that in the realm attribute
 * {@value #MARKER}, as it does for the console's client: a scope an operator deleted is not created again, and
 * enforcement then stays on (closed, not open). A realm the extension had set up before this grant existed is an
 * upgrade: its backends' clients do not have the scope yet, so it gets {@code adminClientScopeRequired: false} stored
 * explicitly and a warning at every start-up until a Keycloak admin switches it on.
 */
public final class AdminClientScope {

    public static final String NAME = "gateway-access-admin";
    /** {@code created} or {@code adopted}; present means "done, never again for this realm". */
    public static final String MARKER = "gatewayAccess.adminClientScope";

    private static final Logger LOG = Logger.getLogger(AdminClientScope.class);

    private final KeycloakSession session;

    private AdminClientScope(KeycloakSession session) {
        this.session = session;
    }

    /** The scope as this session's transaction provides it. */
    public static AdminClientScope of(KeycloakSession session) {
        return new AdminClientScope(session);
    }

    /**
     * Provides the scope once per realm. Cheap when done (a cached realm attribute).
     *
     * @param setUpBefore the realm had been set up by the extension before (it has a GA_REALM_STATE row): an upgrade
     * @return true when this call provided it (created or adopted), the moment to give it to the console's client
     */
    public boolean ensure(RealmModel realm, GatewayGroups groups, boolean setUpBefore) {
        if (realm.getAttribute(MARKER) != null) {
            return false;
        }
        ClientScopeModel scope = find(realm);
        if (scope == null) {
            scope = realm.addClientScope(NAME);
            scope.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            scope.setDescription("Created by Gateway Access: a client with this scope may administer the gateway"
                    + " (every write of /realms/" + realm.getName()
                    + "/gateway-access). Give it only to the gateway's own backends.");
            scope.setIncludeInTokenScope(true); // the token's scope claim is the grant
            scope.setDisplayOnConsentScreen(true);
            scope.setConsentScreenText("Administer the gateway in your name");
            realm.setAttribute(MARKER, "created");
            LOG.infof("Gateway Access created the client scope %s in realm %s", NAME, realm.getName());
        } else {
            realm.setAttribute(MARKER, "adopted");
        }
        if (setUpBefore && groups.config().adminClientScopeRequired()) {
            keepOpenAfterUpgrade(realm, groups);
        }
        return true;
    }

    /** Adds the scope to a client as a Default client scope (in every token it gets), unless it has it already. */
    public static void grantTo(ClientModel client, ClientScopeModel scope) {
        if (!client.getClientScopes(true).containsKey(scope.getName())
                && !client.getClientScopes(false).containsKey(scope.getName())) {
            client.addClientScope(scope, true);
        }
    }

    public static ClientScopeModel find(RealmModel realm) {
        return realm.getClientScopesStream()
                .filter(s -> NAME.equals(s.getName()))
                .findFirst()
                .orElse(null);
    }

    /** The token carries the grant: {@value #NAME} is one of the words of its {@code scope} claim. */
    public static boolean granted(AccessToken token) {
        String scope = token == null ? null : token.getScope();
        return scope != null && Arrays.asList(scope.split(" ")).contains(NAME);
    }

    /** Start-up reminder for a realm where any client's token may still administer. */
    public static void warnIfNotRequired(RealmModel realm, GatewayGroups groups) {
        if (!groups.config().adminClientScopeRequired()) {
            LOG.warnf(
                    "Gateway Access: in realm %s any client's token may administer the gateway (adminClientScopeRequired is"
                            + " false, kept from before the client grant existed). Give the client scope %s to the gateway backends' clients"
                            + " (Clients -> client -> Client scopes -> Add client scope -> Default), then set adminClientScopeRequired to true"
                            + " with PUT /config as a Keycloak admin.",
                    realm.getName(), NAME);
        }
    }

    /** An upgraded realm: stored explicitly, so that a later default can never switch it on unasked. */
    private void keepOpenAfterUpgrade(RealmModel realm, GatewayGroups groups) {
        Config document = new ConfigUpdate(session)
                .save(
                        realm,
                        groups,
                        new GatewayConfigParser.Parsed(
                                groups.system(), groups.config().withAdminClientScopeRequired(false)),
                        null);
        ConfigTabMirror.of(session).write(realm, document);
        AutomaticAdminEvents.of(session).configChanged(realm, EventActor.of(session, realm.getId(), null), document);
        LOG.warnf(
                "Gateway Access: realm %s was set up before the client grant existed; adminClientScopeRequired is stored"
                        + " as false so that its existing backends keep working",
                realm.getName());
    }
}
