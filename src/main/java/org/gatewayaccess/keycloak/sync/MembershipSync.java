package org.gatewayaccess.keycloak.sync;

import org.gatewayaccess.keycloak.realm.RealmTransactions;
import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.audit.AutomaticAdminEvents;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.membership.LastAdminException;
import org.gatewayaccess.keycloak.membership.LinkedUsers;
import org.gatewayaccess.keycloak.membership.MembershipBulk;
import org.gatewayaccess.keycloak.membership.MembershipService;
import org.gatewayaccess.keycloak.membership.RoleHolders;
import org.gatewayaccess.keycloak.membership.UserSet;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.List;

/**
 * The membership part of {@code POST /sync}: recomputes every {@code role:*} and
 * {@code identity-provider:*} source from the current truth, closing the gaps where
 * Keycloak fires no event (a role granted to a group, a composite changed, bulk imports,
 * federation). Additions are set-based; removals go user by user through
 * {@link MembershipService} (so the last-admin guard applies: such a removal is skipped
 * and logged). Each mapping is one step of the job, in its own transaction.
 */
final class MembershipSync {

    private static final Logger LOG = Logger.getLogger(MembershipSync.class);

    /** One step: a mapping's group and source, and who should hold it. */
    record Step(String groupId, String source, String roleName, String alias) {
    }

    private MembershipSync() {
    }

    /**
     * Runs the planned steps, then one more for sources no mapping writes any more: the job
     * counts {@code steps.size() + 1} steps.
     */
    static void run(KeycloakSessionFactory factory, String realmId, List<Step> steps, boolean dryRun, EventActor actor,
                    Progress progress) {
        for (Step step : steps) {
            long[] counts = RealmTransactions.runWithResult(factory, realmId, s -> add(s, realmId, step, dryRun, actor));
            long removed = dryRun ? counts[1] : removeStale(factory, realmId, step, actor);
            progress.step(counts[0], removed);
        }
        List<Object[]> unmapped = RealmTransactions.runWithResult(factory, realmId, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            List<String[]> current = steps.stream().map(st -> new String[]{st.groupId(), st.source()}).toList();
            return realm == null ? List.<Object[]>of() : new MembershipBulk(s).unmappedDerived(realmId, current);
        });
        long removed = dryRun ? unmapped.size() : unmapped.stream()
            .filter(row -> remove(factory, realmId, (String) row[0], (String) row[1], (String) row[2], actor)).count();
        progress.step(0, removed);
    }

    /** Progress callback: one step done with these counts. */
    interface Progress {
        void step(long added, long removed);
    }

    /** The realm's steps, one per mapping, read once at the start of a sync. */
    static List<Step> plan(KeycloakSessionFactory factory, String realmId) {
        return RealmTransactions.runWithResult(factory, realmId, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            GatewayGroups groups = realm == null ? null : GatewayGroups.of(s, realm).orElse(null);
            List<Step> steps = new ArrayList<>();
            if (groups == null) {
                return steps;
            }
            for (GatewayConfig.RoleMapping m : groups.config().syncRoleMappings()) {
                if (realm.getRole(m.role()) == null) {
                    continue; // a deleted role: its sources count as unmapped and go in the last step
                }
                steps.add(new Step(m.groupId(), GrantSource.role(m.role()), m.role(), null));
            }
            for (GatewayConfig.IdentityProviderMapping m : groups.config().identityProviderMappings()) {
                steps.add(new Step(m.groupId(), GrantSource.identityProvider(m.identityProvider()), null, m.identityProvider()));
            }
            return steps;
        });
    }

    /** Adds the missing sources set-based; returns {added, stale count}. */
    private static long[] add(KeycloakSession s, String realmId, Step step, boolean dryRun, EventActor actor) {
        RealmModel realm = s.realms().getRealm(realmId);
        UserSet users = realm == null ? null : users(s, realm, step);
        if (users == null || s.groups().getGroupById(realm, step.groupId()) == null) {
            return new long[]{0, 0};
        }
        MembershipBulk bulk = new MembershipBulk(s);
        long added = bulk.addSources(realmId, step.groupId(), step.source(), null, users, null, dryRun);
        long stale = dryRun ? bulk.staleHolders(step.groupId(), step.source(), users).size() : 0;
        if (!dryRun && added > 0) {
            bulk.joinMissing(realmId, step.groupId(), null);
            bulk.evictUsers(realm);
            AutomaticAdminEvents.membershipsReconciled(s, realm, actor, step.groupId(), step.source(), added, 0);
        }
        return new long[]{added, stale};
    }

    private static long removeStale(KeycloakSessionFactory factory, String realmId, Step step, EventActor actor) {
        List<String> stale = RealmTransactions.runWithResult(factory, realmId, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            UserSet users = realm == null ? null : users(s, realm, step);
            return users == null ? List.<String>of() : new MembershipBulk(s).staleHolders(step.groupId(), step.source(), users);
        });
        return stale.stream().filter(userId -> remove(factory, realmId, step.groupId(), userId, step.source(), actor)).count();
    }

    /** Removes one source in a transaction of its own; false when it was kept (last admin) or failed. */
    private static boolean remove(KeycloakSessionFactory factory, String realmId, String groupId, String userId, String source,
                                  EventActor actor) {
        try {
            return RealmTransactions.runWithResult(factory, realmId, s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                GatewayGroups groups = realm == null ? null : GatewayGroups.of(s, realm).orElse(null);
                GroupModel group = groups == null ? null : s.groups().getGroupById(realm, groupId);
                UserModel user = group == null ? null : s.users().getUserById(realm, userId);
                if (user == null) {
                    return false;
                }
                new MembershipService(s, realm, groups).remove(group, user, source, actor);
                return true;
            });
        } catch (LastAdminException e) {
            LOG.warnf("Sync kept user %s in the admins group of realm %s (source %s no longer holds): it is the last admin",
                userId, realmId, source);
            return false;
        } catch (RuntimeException e) {
            LOG.warnf(e, "Sync could not remove source %s of user %s in group %s", source, userId, groupId);
            return false;
        }
    }

    private static UserSet users(KeycloakSession s, RealmModel realm, Step step) {
        if (step.roleName() != null) {
            RoleModel role = realm.getRole(step.roleName());
            return role == null ? null : RoleHolders.of(s, realm, role);
        }
        EntityManager em = s.getProvider(JpaConnectionProvider.class).getEntityManager();
        return new LinkedUsers(em, realm.getId(), step.alias());
    }
}
