package org.gatewayaccess.keycloak.config;

import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.membership.LastAdminException;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;

/**
 * The configuration declared in a realm-import JSON as the realm attribute
 * {@value ConfigUpdate#ATTRIBUTE} (the document of {@code GET /config}, as a JSON string). When
 * such a realm is created ({@code --import-realm}, the admin API's realm import), the document
 * is validated exactly as {@code PUT /config} validates it and stored; an invalid one fails the
 * import, naming what is wrong. Afterwards the attribute follows every {@code PUT /config}, so
 * an export carries the current configuration.
 */
public final class DeclaredConfig {

    private static final Logger LOG = Logger.getLogger(DeclaredConfig.class);

    private final KeycloakSession session;

    public DeclaredConfig(KeycloakSession session) {
        this.session = session;
    }

    public void apply(RealmModel realm) {
        String declared = realm.getAttribute(ConfigUpdate.ATTRIBUTE);
        if (declared == null || declared.isBlank()) {
            return;
        }
        GatewayGroups before = GatewayGroups.of(session, realm)
            .orElseThrow(() -> new IllegalStateException("realm " + realm.getName() + " was not set up"));
        try {
            GatewayConfigParser.Parsed parsed = new GatewayConfigParser(session, realm).parse(declared, before.system(), before.config().adminClientScopeRequired());
            new ConfigUpdate(session).save(realm, before, parsed, null);
            LOG.infof("Applied the configuration declared in realm %s", realm.getName());
        } catch (GatewayAccessException | LastAdminException e) {
            throw new ModelException("Invalid " + ConfigUpdate.ATTRIBUTE + " in realm " + realm.getName() + ": " + e.getMessage());
        }
    }
}
