package org.gatewayaccess.keycloak.migration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.keycloak.audit.AutomaticAdminEvents;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.config.GroupPaths;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.membership.MembershipBulk;
import org.gatewayaccess.keycloak.membership.RoleHolders;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.KeycloakTables;
import org.gatewayaccess.keycloak.storage.MembershipRows;
import org.gatewayaccess.keycloak.sync.JobRunner;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.jpa.entities.UserRoleMappingEntity;

/**
 * {@code POST /migrations/roles-to-groups}: every current holder of a mapped role joins
 * the mapped group with source {@code migration}, a permanent membership that no longer
 * follows the role. Set-based and paged by user id ({@value #PAGE} users per transaction,
 * progress committed with each page), so a 100,000-user realm takes seconds and
 * {@code GET /jobs/{id}} shows {@code processed/total} moving. Idempotent: a second run
 * adds nothing. A dry run counts and lists (up to {@value #LIST_LIMIT}) what would change
 * and writes nothing but the job. With {@code removeRoles}, the role's direct grants are
 * removed through Keycloak's model once the page's users are in the group (grants through a
 * group or composite stay): role events fire, so the users' role-derived sources follow at once,
 * Keycloak's cache is told, and each removal is a Keycloak admin event.
 */
public final class RoleMigrationService {

    public static final String KIND = "roles-to-groups";

    private static final int PAGE = 5000;
    private static final int LIST_LIMIT = 1000;
    private static final int REMOVE_BATCH = 50;

    private final KeycloakSession session;

    public RoleMigrationService(KeycloakSession session) {
        this.session = session;
    }

    /** The running migration of the realm if there is one, else a new job that starts after this request commits. */
    public GaJobEntity start(RealmModel realm, RoleMigration migration, String startedBy) {
        EventActor actor = EventActor.of(session, realm.getId(), startedBy);
        return JobRunner.of(session)
                .start(
                        realm,
                        KIND,
                        migration.dryRun(),
                        startedBy,
                        (factory, realmId, jobId) -> migrate(factory, realmId, jobId, migration, actor, startedBy));
    }

    private static void migrate(
            KeycloakSessionFactory factory,
            String realmId,
            String jobId,
            RoleMigration migration,
            EventActor actor,
            String startedBy) {
        // Who holds each role now, in user-id order: the pages of the run. The role and group closures behind
        // each role (RoleHolders) are computed once here and used by every page.
        List<List<String>> holders = new ArrayList<>();
        List<RoleHolders> holderSets = new ArrayList<>();
        RealmTransactions.run(factory, realmId, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            long total = 0;
            for (RoleMigration.Mapping mapping : migration.mappings()) {
                RoleModel role = realm == null ? null : realm.getRole(mapping.role());
                RoleHolders roleHolders = role == null ? null : RoleHolders.of(s, realm, role);
                List<String> ids =
                        roleHolders == null ? List.of() : new MembershipBulk(s).userIds(realmId, roleHolders);
                holders.add(ids);
                holderSets.add(roleHolders);
                total += ids.size();
            }
            GatewayAccessStore.of(s).jobs().setTotal(jobId, total);
        });
        if (migration.dryRun()) {
            dryRun(factory, realmId, jobId, migration, holders, holderSets);
            return;
        }
        for (int i = 0; i < migration.mappings().size(); i++) {
            RoleMigration.Mapping mapping = migration.mappings().get(i);
            List<String> ids = holders.get(i);
            RoleHolders roleHolders = holderSets.get(i);
            long added = 0;
            for (int from = 0; from < ids.size(); from += PAGE) {
                List<String> page = ids.subList(from, Math.min(ids.size(), from + PAGE));
                MembershipBulk.Range range =
                        new MembershipBulk.Range(from == 0 ? "" : ids.get(from - 1), page.get(page.size() - 1));
                long pageAdded = RealmTransactions.runWithResult(
                        factory, realmId, s -> page(s, realmId, mapping, roleHolders, range, startedBy));
                // only once the page's users are in the group (committed) do they lose the role: never neither
                long removed = migration.removeRoles()
                        ? removeDirectGrants(factory, realmId, mapping.role(), range, actor)
                        : 0;
                added += pageAdded;
                RealmTransactions.run(factory, realmId, s -> {
                    GatewayAccessStore.of(s).jobs().addPage(jobId, page.size(), pageAdded, removed);
                });
            }
            long addedForMapping = added;
            RealmTransactions.run(factory, realmId, s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                if (realm != null) {
                    new MembershipBulk(s).evictUsers(realm);
                    if (addedForMapping > 0) {
                        AutomaticAdminEvents.of(s)
                                .membershipsReconciled(
                                        realm, actor, mapping.groupId(), GrantSource.MIGRATION, addedForMapping, 0);
                    }
                }
            });
        }
    }

    /** One page: sources and Keycloak memberships. Returns the sources added. */
    private static long page(
            KeycloakSession s,
            String realmId,
            RoleMigration.Mapping mapping,
            RoleHolders roleHolders,
            MembershipBulk.Range range,
            String startedBy) {
        RealmModel realm = s.realms().getRealm(realmId);
        RoleModel role = realm == null ? null : realm.getRole(mapping.role());
        if (role == null || s.groups().getGroupById(realm, mapping.groupId()) == null) {
            return 0;
        }
        MembershipBulk bulk = new MembershipBulk(s);
        long added = bulk.addSources(
                realmId, mapping.groupId(), GrantSource.MIGRATION, startedBy, roleHolders, range, false);
        bulk.joinMissing(realmId, mapping.groupId(), range);
        return added;
    }

    /**
     * {@code removeRoles} for one page: the role's <em>direct</em> grants of the page's users (grants through a group
     * or a composite stay), taken through Keycloak's model — {@link UserModel#deleteRoleMapping} user by user — so
     * that Keycloak's user cache is invalidated, {@code RoleRevokedEvent} fires (the extension's own listener then
     * recomputes the user's {@code role:*} sources in the same transaction, and the last-admin guard has its say) and
     * each removal is an admin event in Keycloak's own shape. {@value #REMOVE_BATCH} users per transaction: each
     * removal flushes the persistence context, whose dirty check grows with everything the transaction has touched.
     * Returns the grants removed.
     */
    private static long removeDirectGrants(
            KeycloakSessionFactory factory,
            String realmId,
            String roleName,
            MembershipBulk.Range range,
            EventActor actor) {
        List<String> userIds =
                RealmTransactions.runWithResult(factory, realmId, s -> directHolders(s, realmId, roleName, range));
        long removed = 0;
        for (int from = 0; from < userIds.size(); from += REMOVE_BATCH) {
            List<String> batch = userIds.subList(from, Math.min(userIds.size(), from + REMOVE_BATCH));
            removed += RealmTransactions.runWithResult(
                    factory, realmId, s -> removeGrants(s, realmId, roleName, batch, actor));
        }
        return removed;
    }

    /** Users of the page who hold the role directly, in id order. */
    private static List<String> directHolders(
            KeycloakSession s, String realmId, String roleName, MembershipBulk.Range range) {
        RealmModel realm = s.realms().getRealm(realmId);
        RoleModel role = realm == null ? null : realm.getRole(roleName);
        if (role == null) {
            return List.of();
        }
        return GatewayAccessStore.of(s)
                .keycloak()
                .directRoleHolders(role.getId(), range.fromExclusive(), range.toInclusive());
    }

    private static long removeGrants(
            KeycloakSession s, String realmId, String roleName, List<String> userIds, EventActor actor) {
        RealmModel realm = s.realms().getRealm(realmId);
        RoleModel role = realm == null ? null : realm.getRole(roleName);
        if (role == null) {
            return 0;
        }
        KeycloakTables tables = GatewayAccessStore.of(s).keycloak();
        // The grants, locked: what is counted is what this transaction removes, and a concurrent revocation waits for
        // it.
        List<UserRoleMappingEntity> grants = tables.lockDirectRoleMappings(role.getId(), userIds);
        long removed = 0;
        for (UserRoleMappingEntity grant : grants) {
            String userId = grant.getUser().getId();
            UserModel user = s.users().getUserById(realm, userId);
            if (user == null) {
                continue;
            }
            user.deleteRoleMapping(role);
            if (tables.stillMapped(grant)) {
                // Keycloak's cached user did not know the grant (written around the model): forget it and ask again
                UserCache cache = s.getProvider(UserCache.class);
                if (cache != null) {
                    cache.evict(realm, user);
                }
                s.users().getUserById(realm, userId).deleteRoleMapping(role);
            }
            if (!tables.stillMapped(grant)) {
                removed++;
                AutomaticAdminEvents.of(s).realmRoleMappingRemoved(realm, actor, userId, role);
            }
        }
        return removed;
    }

    private static void dryRun(
            KeycloakSessionFactory factory,
            String realmId,
            String jobId,
            RoleMigration migration,
            List<List<String>> holders,
            List<RoleHolders> holderSets) {
        RealmTransactions.run(factory, realmId, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            if (realm == null) {
                return;
            }
            MembershipBulk bulk = new MembershipBulk(s);
            GroupPaths paths = new GroupPaths(s, realm);
            List<Map<String, Object>> items = new ArrayList<>();
            List<Map<String, Object>> perMapping = new ArrayList<>();
            long added = 0;
            long removed = 0;
            for (int i = 0; i < migration.mappings().size(); i++) {
                RoleMigration.Mapping mapping = migration.mappings().get(i);
                RoleModel role = realm.getRole(mapping.role());
                RoleHolders roleHolders = holderSets.get(i);
                if (role == null || roleHolders == null) {
                    continue;
                }
                long missing = bulk.addSources(
                        realmId, mapping.groupId(), GrantSource.MIGRATION, null, roleHolders, null, true);
                long roleGrants = migration.removeRoles() ? directGrants(s, role) : 0;
                added += missing;
                removed += roleGrants;
                String path = paths.path(mapping.groupId());
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("role", mapping.role());
                summary.put("group", path);
                summary.put("add", missing);
                summary.put("removeRoleGrants", roleGrants);
                perMapping.add(summary);
                for (MembershipRows.MissingUser user : bulk.sampleMissing(
                        realmId,
                        mapping.groupId(),
                        GrantSource.MIGRATION,
                        roleHolders,
                        Math.max(0, LIST_LIMIT - items.size()))) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("userId", user.userId());
                    item.put("username", user.username());
                    item.put("group", path);
                    item.put("source", GrantSource.MIGRATION);
                    item.put("role", mapping.role());
                    items.add(item);
                }
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("mappings", perMapping);
            details.put("items", items);
            details.put("itemsTruncated", added > items.size());
            GatewayAccessStore.of(s)
                    .jobs()
                    .recordOutcome(
                            jobId,
                            Json.write(details),
                            holders.stream().mapToLong(List::size).sum(),
                            added,
                            removed);
        });
    }

    private static long directGrants(KeycloakSession s, RoleModel role) {
        return GatewayAccessStore.of(s).keycloak().directRoleMappingCount(role.getId());
    }
}
