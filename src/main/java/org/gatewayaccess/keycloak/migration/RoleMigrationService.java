package org.gatewayaccess.keycloak.migration;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.audit.AutomaticAdminEvents;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.config.GroupPaths;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.membership.MembershipBulk;
import org.gatewayaccess.keycloak.membership.RoleHolders;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.gatewayaccess.keycloak.sync.JobRunner;
import org.gatewayaccess.keycloak.sync.SyncService;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.util.JpaUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /migrations/roles-to-groups}: every current holder of a mapped role joins
 * the mapped group with source {@code migration}, a permanent membership that no longer
 * follows the role. Set-based and paged by user id ({@value #PAGE} users per transaction,
 * progress committed with each page), so a 100,000-user realm takes seconds and
 * {@code GET /jobs/{id}} shows {@code processed/total} moving. Idempotent: a second run
 * adds nothing. A dry run counts and lists (up to {@value #LIST_LIMIT}) what would change
 * and writes nothing but the job. With {@code removeRoles}, the role's direct grants are
 * deleted after the user is in the group (grants through a group or composite stay), and
 * the role-derived sources are then recomputed.
 */
public final class RoleMigrationService {

    public static final String KIND = "roles-to-groups";

    private static final Logger LOG = Logger.getLogger(RoleMigrationService.class);
    private static final int PAGE = 5000;
    private static final int LIST_LIMIT = 1000;

    private final KeycloakSession session;

    public RoleMigrationService(KeycloakSession session) {
        this.session = session;
    }

    /** The running migration of the realm if there is one, else a new job that starts after this request commits. */
    public GaJobEntity start(RealmModel realm, RoleMigration migration, String startedBy) {
        EventActor actor = EventActor.of(session, realm.getId(), startedBy);
        return JobRunner.start(session, realm, KIND, migration.dryRun(), startedBy,
            (factory, realmId, jobId) -> migrate(factory, realmId, jobId, migration, actor, startedBy));
    }

    private static void migrate(KeycloakSessionFactory factory, String realmId, String jobId, RoleMigration migration,
                                EventActor actor, String startedBy) {
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
                List<String> ids = roleHolders == null ? List.of() : new MembershipBulk(s).userIds(realmId, roleHolders);
                holders.add(ids);
                holderSets.add(roleHolders);
                total += ids.size();
            }
            em(s).find(GaJobEntity.class, jobId).setTotal(total);
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
                MembershipBulk.Range range = new MembershipBulk.Range(from == 0 ? "" : ids.get(from - 1), page.get(page.size() - 1));
                long[] counts = RealmTransactions.runWithResult(factory, realmId, s -> page(s, realmId, mapping, roleHolders,
                    range, migration.removeRoles(), startedBy));
                added += counts[0];
                RealmTransactions.run(factory, realmId, s -> {
                    GaJobEntity job = em(s).find(GaJobEntity.class, jobId);
                    job.setProcessed(job.getProcessed() + page.size());
                    job.setAdded(job.getAdded() + counts[0]);
                    job.setRemoved(job.getRemoved() + counts[1]);
                });
            }
            long addedForMapping = added;
            RealmTransactions.run(factory, realmId, s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                if (realm != null) {
                    new MembershipBulk(s).evictUsers(realm);
                    if (addedForMapping > 0) {
                        AutomaticAdminEvents.membershipsReconciled(s, realm, actor, mapping.groupId(), GrantSource.MIGRATION,
                            addedForMapping, 0);
                    }
                }
            });
        }
        if (migration.removeRoles()) {
            // role:* sources of the removed grants are stale now; a sync recomputes them (migration sources keep everyone in)
            RealmTransactions.run(factory, realmId, s -> {
                GaJobEntity sync = new SyncService(s).start(s.realms().getRealm(realmId), false, startedBy);
                LOG.infof("Migration %s removed role grants; sync job %s recomputes role-derived memberships", jobId, sync.getId());
            });
        }
    }

    /** One page: sources, Keycloak memberships, and (optionally) the role's direct grants. Returns {added, role grants removed}. */
    private static long[] page(KeycloakSession s, String realmId, RoleMigration.Mapping mapping, RoleHolders roleHolders,
                               MembershipBulk.Range range, boolean removeRoles, String startedBy) {
        RealmModel realm = s.realms().getRealm(realmId);
        RoleModel role = realm == null ? null : realm.getRole(mapping.role());
        if (role == null || s.groups().getGroupById(realm, mapping.groupId()) == null) {
            return new long[]{0, 0};
        }
        MembershipBulk bulk = new MembershipBulk(s);
        long added = bulk.addSources(realmId, mapping.groupId(), GrantSource.MIGRATION, startedBy, roleHolders, range, false);
        bulk.joinMissing(realmId, mapping.groupId(), range);
        long removed = 0;
        if (removeRoles) {
            EntityManager em = em(s);
            removed = em.createNativeQuery("DELETE FROM " + JpaUtils.getTableNameForNativeQuery("USER_ROLE_MAPPING", em)
                    + " WHERE ROLE_ID = :roleId AND USER_ID > :rangeFrom AND USER_ID <= :rangeTo")
                .setParameter("roleId", role.getId()).setParameter("rangeFrom", range.fromExclusive())
                .setParameter("rangeTo", range.toInclusive()).executeUpdate();
        }
        return new long[]{added, removed};
    }

    private static void dryRun(KeycloakSessionFactory factory, String realmId, String jobId, RoleMigration migration,
                               List<List<String>> holders, List<RoleHolders> holderSets) {
        RealmTransactions.run(factory, realmId, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            GaJobEntity job = em(s).find(GaJobEntity.class, jobId);
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
                long missing = bulk.addSources(realmId, mapping.groupId(), GrantSource.MIGRATION, null, roleHolders, null, true);
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
                for (Object[] row : bulk.sampleMissing(realmId, mapping.groupId(), GrantSource.MIGRATION, roleHolders,
                    Math.max(0, LIST_LIMIT - items.size()))) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("userId", row[0]);
                    item.put("username", row[1]);
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
            job.setDetails(Json.write(details));
            job.setAdded(added);
            job.setRemoved(removed);
            job.setProcessed(holders.stream().mapToLong(List::size).sum());
        });
    }

    private static long directGrants(KeycloakSession s, RoleModel role) {
        EntityManager em = em(s);
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM " + JpaUtils.getTableNameForNativeQuery("USER_ROLE_MAPPING", em)
            + " WHERE ROLE_ID = :roleId").setParameter("roleId", role.getId()).getSingleResult()).longValue();
    }

    private static EntityManager em(KeycloakSession s) {
        return s.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
