package org.gatewayaccess.keycloak.rest;

import org.gatewayaccess.keycloak.adminconsole.ConfigTabMirror;
import org.gatewayaccess.keycloak.config.ConfigUpdate;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.config.GatewayConfigParser;
import org.gatewayaccess.keycloak.config.GatewayConfigStore;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.sync.SyncService;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.Map;
import java.util.Objects;

/**
 * {@code /config}: the realm's configuration document. A change to the mappings starts a
 * sync (after this request commits) so that memberships follow at once. While
 * {@code adminPromotionRequiresRealmAdmin} is on, only a Keycloak admin may change what
 * makes someone an admin: the admins group, mappings into it, or that switch itself.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class ConfigResource {

    private final Endpoint endpoint;
    private final KeycloakSession session;
    private final RealmModel realm;

    ConfigResource(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.session = endpoint.session();
        this.realm = endpoint.realm();
    }

    @GET
    public Response get() {
        return endpoint.run(caller -> {
            if (!caller.canReadAdministration()) {
                throw GatewayAccessException.forbidden("Only gateway admins, read-only admins and Keycloak admins may read the configuration.");
            }
            GatewayGroups groups = current();
            return Endpoint.json(200, new GatewayConfigStore(session).render(realm, groups.system(), groups.config()));
        });
    }

    @PUT
    public Response put(String body) {
        return endpoint.run(caller -> {
            if (!caller.canManage()) {
                throw GatewayAccessException.forbidden("Only gateway admins and Keycloak admins may change the configuration.");
            }
            GatewayGroups before = current();
            GatewayConfigParser.Parsed parsed = new GatewayConfigParser(session, realm).parse(body, before.system());
            requirePromotionRight(caller, before, parsed);
            Map<String, Object> document = new ConfigUpdate(session).save(realm, before, parsed, caller.actorId());
            ConfigTabMirror.write(session, realm, document); // the admin console's tab shows what is in force
            AdminEvents.record(session, realm, caller, OperationType.UPDATE, AdminEvents.CONFIG, document, "config");
            return Endpoint.json(200, document);
        });
    }

    private static void requirePromotionRight(Caller caller, GatewayGroups before, GatewayConfigParser.Parsed parsed) {
        if (caller.keycloakAdmin() || !before.config().adminPromotionRequiresRealmAdmin()) {
            return;
        }
        String admins = before.system().adminsGroupId();
        GatewayConfig next = parsed.config();
        boolean changesAdmins = !Objects.equals(admins, parsed.systemGroups().adminsGroupId())
            || !next.adminPromotionRequiresRealmAdmin()
            || !next.roleMappings().stream().filter(m -> m.groupId().equals(admins)).toList()
                .equals(before.config().roleMappings().stream().filter(m -> m.groupId().equals(admins)).toList())
            || !next.identityProviderMappings().stream().filter(m -> m.groupId().equals(admins)).toList()
                .equals(before.config().identityProviderMappings().stream().filter(m -> m.groupId().equals(admins)).toList());
        if (changesAdmins) {
            throw GatewayAccessException.forbidden("Only a Keycloak admin may change who becomes a gateway admin"
                + " (the admins group, mappings into it, adminPromotionRequiresRealmAdmin).");
        }
    }

    private GatewayGroups current() {
        return GatewayGroups.of(session, realm)
            .orElseThrow(() -> new IllegalStateException("realm " + realm.getName() + " was not set up"));
    }

    /** Any other path below this one: the contract's JSON 404, not Keycloak's default body. */
    @Path("{unknown: .+}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }
}
