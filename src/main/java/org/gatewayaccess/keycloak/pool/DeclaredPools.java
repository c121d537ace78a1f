package org.gatewayaccess.keycloak.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;

/**
 * Pools declared in a realm-import JSON, as the realm attribute {@value #ATTRIBUTE}
 * (a JSON array of pool bodies). When such a realm is created — {@code --import-realm},
 * the admin API's realm import — the declared pools that do not exist yet are created,
 * and users the import already linked to their providers become viewers. The attribute
 * is exported with the realm, so export and re-import keep the pools. An invalid
 * declaration fails the import, as an invalid realm file does.
 */
public final class DeclaredPools {

    public static final String ATTRIBUTE = "gatewayAccess.pools";

    private static final Logger LOG = Logger.getLogger(DeclaredPools.class);

    private final KeycloakSession session;

    public DeclaredPools(KeycloakSession session) {
        this.session = session;
    }

    public void createMissing(RealmModel realm) {
        String declared = realm.getAttribute(ATTRIBUTE);
        if (declared == null || declared.isBlank()) {
            return;
        }
        PoolService pools = new PoolService(session, realm);
        try {
            JsonNode array = Json.parse(declared, ATTRIBUTE);
            if (!array.isArray()) {
                throw GatewayAccessException.badRequest("invalid_request", ATTRIBUTE + " must be a JSON array of pools.");
            }
            for (JsonNode node : array) {
                if (!node.isObject()) {
                    throw GatewayAccessException.badRequest("invalid_request", ATTRIBUTE + " must contain pool objects.");
                }
                PoolInput input = PoolInput.fromJson((ObjectNode) node, null);
                if (pools.findByName(input.name()).isEmpty()) {
                    pools.create(input, new EventActor(realm.getId(), null, null, null));
                    LOG.infof("Created pool '%s' declared in realm %s", input.name(), realm.getName());
                }
            }
        } catch (GatewayAccessException e) {
            throw new ModelException("Invalid " + ATTRIBUTE + " in realm " + realm.getName() + ": " + e.getMessage());
        }
    }
}
