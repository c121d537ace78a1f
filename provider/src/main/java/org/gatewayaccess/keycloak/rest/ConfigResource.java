package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gatewayaccess.keycloak.adminconsole.ConfigTabMirror;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.config.GatewayConfigParser;
import org.gatewayaccess.keycloak.config.GatewayConfigStore;
import org.gatewayaccess.keycloak.config.GroupPaths;
import org.gatewayaccess.keycloak.membership.GatewayAdmins;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.representation.Config;
import org.gatewayaccess.keycloak.sync.ConfigUpdate;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /config}: the realm's configuration document. A change to the mappings starts a
 * sync (after this request commits) so that memberships follow at once. The settings that
 * draw the delegation boundary are a Keycloak admin's ({@link #requireRightsFor}).
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
                throw GatewayAccessException.forbidden(
                        "Only gateway admins, read-only admins and Keycloak admins may read the configuration.");
            }
            GatewayGroups groups = current();
            return Endpoint.json(200, new GatewayConfigStore(session).render(realm, groups.system(), groups.config()));
        });
    }

    @PUT
    public Response put(String body) {
        return endpoint.run(caller -> {
            if (!caller.canManage()) {
                throw GatewayAccessException.forbidden(
                        "Only gateway admins and Keycloak admins may change the configuration.");
            }
            GatewayGroups before = current();
            GatewayConfigParser.Parsed parsed = new GatewayConfigParser(session, realm)
                    .parse(body, before.system(), before.config().adminClientScopeRequired());
            requireRightsFor(caller, before, parsed);
            Config document = new ConfigUpdate(session).save(realm, before, parsed, caller.actorId());
            ConfigTabMirror.of(session).write(realm, document); // the admin console's tab shows what is in force
            AdminEvents.of(session).record(realm, caller, OperationType.UPDATE, AdminEvents.CONFIG, document, "config");
            return Endpoint.json(200, document);
        });
    }

    /**
     * The settings that draw the delegation boundary are a Keycloak admin's: the gateway roles, the system groups,
     * which groups mappings write to, {@code adminPromotionRequiresRealmAdmin} and {@code adminClientScopeRequired}. A gateway admin keeps
     * {@code discovery}, {@code pendingApproval} and mappings whose group is already a gateway group — except, while
     * promotion requires a realm admin, mappings into the admins group or its subgroups.
     */
    private void requireRightsFor(Caller caller, GatewayGroups before, GatewayConfigParser.Parsed parsed) {
        if (caller.keycloakAdmin()) {
            return;
        }
        GatewayConfig next = parsed.config();
        GatewayConfig now = before.config();
        if (!next.gatewayRoles().equals(now.gatewayRoles())) {
            throw keycloakAdminOnly("gatewayRoles");
        }
        if (!parsed.systemGroups().equals(before.system())) {
            throw keycloakAdminOnly("gatewayGroups");
        }
        if (next.adminPromotionRequiresRealmAdmin() != now.adminPromotionRequiresRealmAdmin()) {
            throw keycloakAdminOnly("adminPromotionRequiresRealmAdmin");
        }
        if (next.adminClientScopeRequired() != now.adminClientScopeRequired()) {
            throw keycloakAdminOnly("adminClientScopeRequired");
        }
        GroupPaths paths = new GroupPaths(session, realm);
        for (String groupId : next.mappedGroupIds()) {
            if (!before.contains(groupId)) {
                throw GatewayAccessException.forbidden(
                        "Only a Keycloak admin may map to group '" + paths.path(groupId)
                                + "': it is not a gateway group yet, and which groups mappings write to is a Keycloak admin's decision.");
            }
        }
        if (now.adminPromotionRequiresRealmAdmin()) {
            GatewayAdmins admins = GatewayAdmins.of(session, realm, before.system());
            boolean changesAdmins = !next.roleMappings().stream()
                            .filter(m -> admins.includes(m.groupId()))
                            .toList()
                            .equals(now.roleMappings().stream()
                                    .filter(m -> admins.includes(m.groupId()))
                                    .toList())
                    || !next.identityProviderMappings().stream()
                            .filter(m -> admins.includes(m.groupId()))
                            .toList()
                            .equals(now.identityProviderMappings().stream()
                                    .filter(m -> admins.includes(m.groupId()))
                                    .toList());
            if (changesAdmins) {
                throw GatewayAccessException.forbidden("Only a Keycloak admin may change who becomes a gateway admin"
                        + " (mappings into the admins group or its subgroups; adminPromotionRequiresRealmAdmin).");
            }
        }
    }

    private static GatewayAccessException keycloakAdminOnly(String field) {
        return GatewayAccessException.forbidden("Only a Keycloak admin may change '" + field
                + "': it draws the boundary of what" + " gateway admins may do.");
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
