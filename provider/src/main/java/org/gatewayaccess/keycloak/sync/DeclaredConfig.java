package org.gatewayaccess.keycloak.sync;

import java.util.Optional;
import org.gatewayaccess.keycloak.audit.AutomaticAdminEvents;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.config.GatewayConfigParser;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.membership.LastAdminException;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.representation.Config;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The configuration declared in the realm attribute {@value ConfigUpdate#ATTRIBUTE} (the document of
 * {@code GET /config}, as a JSON string), made true whenever that attribute is set: on the realm's creation or import,
 * and on every change of it (the admin API's realm update, which keycloak-config-cli and Terraform send). The document
 * is validated exactly as {@code PUT /config} validates it (a Keycloak admin's rights: only a Keycloak admin can change
 * a realm), and stored; the attribute is left as its writer set it. A declaration that means what is in force already
 * changes nothing and records no admin event. A realm without the attribute keeps whatever configuration it has.
 */
public final class DeclaredConfig {

    private static final Logger LOG = Logger.getLogger(DeclaredConfig.class);

    private final KeycloakSession session;

    public DeclaredConfig(KeycloakSession session) {
        this.session = session;
    }

    /**
     * @return the document now in force, when the declaration changed it
     * @throws GatewayAccessException when the declaration is invalid; nothing is written then
     * @throws LastAdminException     when it would leave the gateway without an enabled admin
     */
    public Optional<Config> apply(RealmModel realm, String declared, EventActor actor) {
        if (declared == null || declared.isBlank()) {
            return Optional.empty();
        }
        GatewayGroups before = GatewayGroups.of(session, realm)
                .orElseThrow(() -> new IllegalStateException("realm " + realm.getName() + " was not set up"));
        GatewayConfigParser.Parsed parsed = new GatewayConfigParser(session, realm)
                .parse(declared, before.system(), before.config().adminClientScopeRequired());
        if (parsed.systemGroups().equals(before.system()) && parsed.config().equals(before.config())) {
            return Optional.empty();
        }
        Config document = new ConfigUpdate(session).saveDeclared(realm, before, parsed, actor.userId());
        AutomaticAdminEvents.of(session).configChanged(realm, actor, document);
        LOG.infof("Applied the configuration declared in realm %s", realm.getName());
        return Optional.of(document);
    }
}
