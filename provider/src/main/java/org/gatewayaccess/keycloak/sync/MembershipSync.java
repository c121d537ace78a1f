package org.gatewayaccess.keycloak.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gatewayaccess.keycloak.audit.AutomaticAdminEvents;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.boundary.DelegationBoundary;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.membership.GatewayAdmins;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.membership.LastAdminException;
import org.gatewayaccess.keycloak.membership.LinkedUsers;
import org.gatewayaccess.keycloak.membership.MembershipBulk;
import org.gatewayaccess.keycloak.membership.MembershipService;
import org.gatewayaccess.keycloak.membership.RoleHolders;
import org.gatewayaccess.keycloak.membership.UserSet;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.pool.LinkGrantSync;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.gatewayaccess.keycloak.storage.MembershipRows;
import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

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
    record Step(String groupId, String source, String roleName, String alias) {}

    private MembershipSync() {}

    /**
     * Runs the planned steps, then one more for sources no mapping writes any more: the job
     * counts {@code steps.size() + 1} steps. A dry run reads everything first, in one transaction, and reports
     * what the sync would do step by step, including the sources the last-admin guard would keep.
     */
    static void run(
            KeycloakSessionFactory factory,
            String realmId,
            List<Step> steps,
            boolean dryRun,
            EventActor actor,
            Progress progress) {
        if (dryRun) {
            RealmTransactions.runWithResult(factory, realmId, s -> dryRun(s, realmId, steps))
                    .forEach(progress::step);
            return;
        }
        for (Step step : steps) {
            long added = RealmTransactions.runWithResult(factory, realmId, s -> add(s, realmId, step, actor));
            List<String> stale = RealmTransactions.runWithResult(factory, realmId, s -> {
                RealmModel realm = s.getContext().getRealm();
                UserSet users = realm == null ? null : users(s, realm, step);
                return users == null
                        ? List.<String>of()
                        : new MembershipBulk(s).staleHolders(step.groupId(), step.source(), users);
            });
            Removals removals = new Removals();
            stale.forEach(
                    userId -> removals.count(remove(factory, realmId, step.groupId(), userId, step.source(), actor)));
            progress.step(new LinkGrantSync.Counts(added, removals.removed, removals.kept));
        }
        List<MembershipRows.Held> unmapped =
                RealmTransactions.runWithResult(factory, realmId, s -> unmapped(s, realmId, steps));
        Removals removals = new Removals();
        unmapped.forEach(
                row -> removals.count(remove(factory, realmId, row.groupId(), row.userId(), row.source(), actor)));
        progress.step(new LinkGrantSync.Counts(0, removals.removed, removals.kept));
    }

    /** Progress callback: one step done with these counts. */
    interface Progress {
        void step(LinkGrantSync.Counts counts);
    }

    /** What became of one stale source: removed, kept by the last-admin guard, gone already, or failed (logged). */
    enum Removal {
        REMOVED,
        KEPT,
        NONE,
        FAILED
    }

    private static final class Removals {
        long removed;
        long kept;

        void count(Removal removal) {
            if (removal == Removal.REMOVED) {
                removed++;
            } else if (removal == Removal.KEPT) {
                kept++;
            }
        }
    }

    /**
     * The dry run: per step, what it would add and remove. The admins group's removals are played through in the
     * order the sync makes them ({@link LastAdminReplay}), so that a source the last-admin guard would keep is
     * counted as kept, not removed.
     */
    private static List<LinkGrantSync.Counts> dryRun(KeycloakSession s, String realmId, List<Step> steps) {
        RealmModel realm = s.getContext().getRealm();
        List<LinkGrantSync.Counts> counts = new ArrayList<>();
        GatewayGroups groups = realm == null ? null : GatewayGroups.of(s, realm).orElse(null);
        LastAdminReplay admins =
                groups == null ? null : new LastAdminReplay(s, GatewayAdmins.of(s, realm, groups.system()));
        MembershipBulk bulk = new MembershipBulk(s);
        for (Step step : steps) {
            UserSet users = realm == null ? null : users(s, realm, step);
            if (users == null || s.groups().getGroupById(realm, step.groupId()) == null) {
                counts.add(new LinkGrantSync.Counts(0, 0));
                continue;
            }
            long added = writable(s, realm, groups, step.groupId())
                    ? bulk.addSources(realmId, step.groupId(), step.source(), null, users, null, true)
                    : 0;
            List<String> stale = bulk.staleHolders(step.groupId(), step.source(), users);
            if (admins != null && admins.isAdminsGroup(step.groupId())) {
                if (added > 0) {
                    admins.add(
                            bulk
                                    .sampleMissing(realmId, step.groupId(), step.source(), users, Integer.MAX_VALUE)
                                    .stream()
                                    .map(MembershipRows.MissingUser::userId)
                                    .toList(),
                            step.source());
                }
                long kept = stale.stream()
                        .filter(userId -> !admins.remove(userId, step.source()))
                        .count();
                counts.add(new LinkGrantSync.Counts(added, stale.size() - kept, kept));
            } else {
                counts.add(new LinkGrantSync.Counts(added, stale.size()));
            }
        }
        long kept = 0;
        List<MembershipRows.Held> unmapped = unmapped(s, realmId, steps);
        for (MembershipRows.Held row : unmapped) {
            if (admins != null && admins.isAdminsGroup(row.groupId()) && !admins.remove(row.userId(), row.source())) {
                kept++;
            }
        }
        counts.add(new LinkGrantSync.Counts(0, unmapped.size() - kept, kept));
        return counts;
    }

    private static List<MembershipRows.Held> unmapped(KeycloakSession s, String realmId, List<Step> steps) {
        if (s.getContext().getRealm() == null) {
            return List.of();
        }
        List<String[]> current = steps.stream()
                .map(st -> new String[] {st.groupId(), st.source()})
                .toList();
        return new MembershipBulk(s).unmappedDerived(realmId, current);
    }

    /** The realm's steps, one per mapping, read once at the start of a sync. */
    static List<Step> plan(KeycloakSessionFactory factory, String realmId) {
        return RealmTransactions.runWithResult(factory, realmId, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            GatewayGroups groups =
                    realm == null ? null : GatewayGroups.of(s, realm).orElse(null);
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
                steps.add(new Step(
                        m.groupId(), GrantSource.identityProvider(m.identityProvider()), null, m.identityProvider()));
            }
            return steps;
        });
    }

    /**
     * Whether the sync may add members to the group: it must be ordinary ({@link DelegationBoundary}). A group that
     * Keycloak gave a role outside the gateway roles after it became a mapping target gets nobody from the sync
     * (logged); its stale sources are still removed.
     */
    private static boolean writable(KeycloakSession s, RealmModel realm, GatewayGroups groups, String groupId) {
        GroupModel group = realm == null || groups == null ? null : s.groups().getGroupById(realm, groupId);
        if (group == null) {
            return false;
        }
        Optional<RoleModel> privilege =
                new DelegationBoundary(realm, groups.config().gatewayRoles()).privilegeOf(group);
        privilege.ifPresent(role -> LOG.warnf(
                "Sync adds nobody to group %s of realm %s: it gives role %s, which is not a gateway role",
                group.getName(), realm.getName(), role.getName()));
        return privilege.isEmpty();
    }

    /** Adds the missing sources set-based; returns how many. */
    private static long add(KeycloakSession s, String realmId, Step step, EventActor actor) {
        RealmModel realm = s.getContext().getRealm();
        UserSet users = realm == null ? null : users(s, realm, step);
        if (users == null
                || s.groups().getGroupById(realm, step.groupId()) == null
                || !writable(s, realm, GatewayGroups.of(s, realm).orElse(null), step.groupId())) {
            return 0;
        }
        MembershipBulk bulk = new MembershipBulk(s);
        long added = bulk.addSources(realmId, step.groupId(), step.source(), null, users, null, false);
        if (added > 0) {
            bulk.joinMissing(realmId, step.groupId(), null);
            bulk.evictUsers(realm);
            AutomaticAdminEvents.of(s).membershipsReconciled(realm, actor, step.groupId(), step.source(), added, 0);
        }
        return added;
    }

    /** Removes one source in a transaction of its own: removed, kept (last admin) or failed (logged). */
    private static Removal remove(
            KeycloakSessionFactory factory,
            String realmId,
            String groupId,
            String userId,
            String source,
            EventActor actor) {
        try {
            return RealmTransactions.runWithResult(factory, realmId, s -> {
                RealmModel realm = s.getContext().getRealm();
                GatewayGroups groups =
                        realm == null ? null : GatewayGroups.of(s, realm).orElse(null);
                GroupModel group = groups == null ? null : s.groups().getGroupById(realm, groupId);
                UserModel user = group == null ? null : s.users().getUserById(realm, userId);
                if (user == null) {
                    return Removal.NONE; // deleted meanwhile: DeletionCleanup removed its rows
                }
                MembershipService memberships = new MembershipService(s, realm, groups);
                if (!memberships.hasSource(groupId, userId, source)) {
                    return Removal.NONE; // removed meanwhile by another writer
                }
                memberships.remove(group, user, source, actor);
                return Removal.REMOVED;
            });
        } catch (LastAdminException e) {
            LOG.infof(
                    "Sync kept user %s in the admins group of realm %s (source %s no longer holds): it is the last admin",
                    userId, realmId, source);
            return Removal.KEPT;
        } catch (RuntimeException e) {
            LOG.warnf(e, "Sync could not remove source %s of user %s in group %s", source, userId, groupId);
            return Removal.FAILED;
        }
    }

    private static UserSet users(KeycloakSession s, RealmModel realm, Step step) {
        if (step.roleName() != null) {
            RoleModel role = realm.getRole(step.roleName());
            return role == null ? null : RoleHolders.of(s, realm, role);
        }
        return new LinkedUsers(realm.getId(), step.alias());
    }
}
