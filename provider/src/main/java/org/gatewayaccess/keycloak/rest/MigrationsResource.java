package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.boundary.DelegationBoundary;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.config.GroupPaths;
import org.gatewayaccess.keycloak.membership.GatewayAdmins;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.migration.RoleMigration;
import org.gatewayaccess.keycloak.migration.RoleMigrationService;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.gatewayaccess.keycloak.representation.Job;
import org.gatewayaccess.keycloak.representation.MigrationRequest;
import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.keycloak.services.resources.admin.fgap.RolePermissionEvaluator;

/**
 * {@code POST /migrations/roles-to-groups}. Without a body the mappings are the
 * configuration's {@code migrate} role mappings, or if there are none, the three gateway
 * roles to the three system groups; roles are kept unless {@code removeRoles} is true.
 * Targets must be gateway groups (a system group, or one a mapping names), so that every
 * membership with a source stays in a group the extension watches.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class MigrationsResource {

    private final Endpoint endpoint;
    private final KeycloakSession session;
    private final RealmModel realm;

    MigrationsResource(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.session = endpoint.session();
        this.realm = endpoint.realm();
    }

    @POST
    @Path("roles-to-groups")
    public Response rolesToGroups(@QueryParam("dryRun") String dryRun, String body) {
        return endpoint.run(caller -> {
            if (!caller.canManage()) {
                throw GatewayAccessException.forbidden("Only gateway admins and Keycloak admins may run a migration.");
            }
            boolean dry = SyncResource.flag(session.getContext().getUri(), "dryRun");
            GatewayGroups groups = GatewayGroups.of(session, realm)
                    .orElseThrow(() -> new IllegalStateException("realm " + realm.getName() + " was not set up"));
            RoleMigration migration = body == null || body.isBlank()
                    ? defaults(groups, dry)
                    : migration(RequestBodies.migration(body), dry);
            for (RoleMigration.Mapping mapping : migration.mappings()) {
                if (!groups.contains(mapping.groupId())) {
                    throw GatewayAccessException.badRequest(
                            "not_a_gateway_group",
                            "Group '" + new GroupPaths(session, realm).path(mapping.groupId())
                                    + "' is not a gateway group: add a role mapping with mode 'migrate' for it"
                                    + " in /config first.");
                }
            }
            requireWithinBoundary(caller, groups, migration);
            GatewayAdmins admins = GatewayAdmins.of(session, realm, groups.system());
            if (!caller.keycloakAdmin()
                    && groups.config().adminPromotionRequiresRealmAdmin()
                    && migration.mappings().stream()
                            .anyMatch(m ->
                                    admins.includes(m.groupId()) && !m.role().equals(GatewayRealmSetup.ROLE_ADMIN))) {
                throw GatewayAccessException.forbidden(
                        "Only a Keycloak admin may migrate a role other than 'admin' into the admins group"
                                + " or its subgroups.");
            }
            GaJobEntity job = new RoleMigrationService(session).start(realm, migration, caller.actorId());
            Job representation = JobsResource.job(job);
            AdminEvents.of(session)
                    .record(
                            realm,
                            caller,
                            OperationType.ACTION,
                            AdminEvents.MIGRATION,
                            representation,
                            "jobs",
                            job.getId());
            return Endpoint.json(202, representation);
        });
    }

    /**
     * What a caller may name, checked here at the request so that a refusal writes nothing (not even the job).
     * <ul>
     *   <li>A gateway admin (not a Keycloak admin) moves, and with {@code removeRoles} removes, only gateway roles (the
     *       configuration's {@code gatewayRoles}): anything else is 403 {@code not_a_gateway_role}. With
     *       {@code removeRoles} the role must also still be inside the gateway roles now (403 {@code privileged_role}
     *       when Keycloak made it a composite of something else since): removing it would change rights the caller
     *       cannot grant.</li>
     *   <li>A Keycloak admin may name any realm role except Keycloak's built-ins ({@code default-roles-*},
     *       {@code offline_access}, {@code uma_authorization}): Keycloak grants them to every user itself, so moving
     *       them puts the whole realm in the group and removing them takes Keycloak's own defaults from everyone
     *       (400 {@code built_in_role}). A Keycloak admin who means that uses Keycloak's admin API. With
     *       {@code removeRoles}, also only a role Keycloak's admin API would let this admin unmap
     *       ({@code canMapRole}: a {@code manage-users} admin may not take admin roles it does not hold itself).</li>
     *   <li>For everyone the target must be ordinary ({@link DelegationBoundary#requireOrdinary}: 403
     *       {@code privileged_group}): members of a group that carries roles outside the gateway roles get Keycloak
     *       rights, and who gets those is Keycloak's own business.</li>
     * </ul>
     */
    private void requireWithinBoundary(Caller caller, GatewayGroups groups, RoleMigration migration) {
        boolean keycloakAdmin = caller.keycloakAdmin();
        DelegationBoundary boundary =
                new DelegationBoundary(realm, groups.config().gatewayRoles());
        Set<String> gatewayRoles = Set.copyOf(groups.config().gatewayRoles());
        RolePermissionEvaluator keycloakRoles = keycloakAdmin && migration.removeRoles()
                ? AdminPermissions.evaluator(session, realm, caller.adminAuth()).roles()
                : null;
        for (RoleMigration.Mapping mapping : migration.mappings()) {
            RoleModel role = realm.getRole(mapping.role());
            if (!keycloakAdmin && !gatewayRoles.contains(mapping.role())) {
                throw GatewayAccessException.forbidden(
                        "not_a_gateway_role",
                        "Role '" + mapping.role() + "' is not a gateway role" + " (gatewayRoles: "
                                + String.join(", ", groups.config().gatewayRoles())
                                + "): only a Keycloak admin may migrate it.");
            }
            if (role != null && !keycloakAdmin && migration.removeRoles()) {
                boundary.requireInside(role);
            }
            if (role != null && keycloakAdmin && DelegationBoundary.isBuiltIn(realm, role)) {
                throw GatewayAccessException.badRequest(
                        "built_in_role",
                        "Role '" + mapping.role() + "' is one of Keycloak's built-in"
                                + " roles, which Keycloak grants to every user itself: it cannot be migrated or removed by a migration.");
            }
            if (role != null && keycloakRoles != null && !keycloakRoles.canMapRole(role)) {
                throw GatewayAccessException.forbidden(
                        "forbidden",
                        "Keycloak's admin API would not let you remove role '" + mapping.role()
                                + "' from a user (it carries admin roles you do not hold): neither does the migration.");
            }
            GroupModel group = session.groups().getGroupById(realm, mapping.groupId());
            if (group != null) {
                boundary.requireOrdinary(group, "migrate users into");
            }
        }
    }

    private static RoleMigration defaults(GatewayGroups groups, boolean dryRun) {
        List<RoleMigration.Mapping> configured = groups.config().roleMappings().stream()
                .filter(m -> m.mode() == GatewayConfig.Mode.MIGRATE)
                .map(m -> new RoleMigration.Mapping(m.role(), m.groupId()))
                .toList();
        if (!configured.isEmpty()) {
            return new RoleMigration(configured, false, dryRun);
        }
        return new RoleMigration(
                List.of(
                        new RoleMigration.Mapping(
                                GatewayRealmSetup.ROLE_ADMIN, groups.system().adminsGroupId()),
                        new RoleMigration.Mapping(
                                GatewayRealmSetup.ROLE_READ_ONLY_ADMIN,
                                groups.system().readOnlyAdminsGroupId()),
                        new RoleMigration.Mapping(
                                GatewayRealmSetup.ROLE_GATEWAY_USER,
                                groups.system().usersGroupId())),
                false,
                dryRun);
    }

    /** The body's mappings with their roles and groups found, in order (the body's form is checked whole before). */
    private RoleMigration migration(MigrationRequest request, boolean dryRun) {
        GroupPaths paths = new GroupPaths(session, realm);
        List<RoleMigration.Mapping> mappings =
                new ArrayList<>(request.mappings().size());
        for (MigrationRequest.Mapping mapping : request.mappings()) {
            if (realm.getRole(mapping.role()) == null) {
                throw GatewayAccessException.badRequest(
                        "unknown_role", "Realm role '" + mapping.role() + "' does not exist.");
            }
            GroupModel group = paths.find(mapping.group());
            if (group == null) {
                throw GatewayAccessException.badRequest(
                        "unknown_group",
                        "Group '" + mapping.group() + "' does not exist (give a path, such as /Admins).");
            }
            mappings.add(new RoleMigration.Mapping(mapping.role(), group.getId()));
        }
        return new RoleMigration(mappings, Boolean.TRUE.equals(request.removeRoles()), dryRun);
    }

    /** Any other path below this one: the contract's JSON 404, not Keycloak's default body. */
    @Path("{unknown: .+}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }
}
