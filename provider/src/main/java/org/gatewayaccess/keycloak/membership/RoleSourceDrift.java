package org.gatewayaccess.keycloak.membership;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.storage.MembershipRows;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.storage.StorageId;

/**
 * The users whose {@code role:*} sources no longer match the roles they hold, found set-based
 * ({@link RoleHolders}, {@link MembershipBulk}): holders of a mapped role without its source, sources whose
 * user no longer holds the role, and sources of a mapping or role that is gone. This is the same comparison
 * the sync makes, but it only <em>names</em> the users; each one is then put right by the per-user
 * {@link RoleMembershipReconciler} (so the last-admin guard and the admin events apply as for a role event).
 * <p>
 * It is asked after a change for which Keycloak fires no per-user event (a role given to or taken from a
 * group or composite, a role or group deleted, a partial import). Comparing everything instead of working out
 * whom that one change touched is what keeps it right for every path: nested composites, client-role
 * composites, subgroups, default roles, several changes in one request. The cost is a few indexed
 * set queries per {@code sync} mapping (three by default), whatever the change.
 * <p>
 * Users of user federation without import ({@code f:} ids) are left to the sync: their roles and groups live
 * in Keycloak's federated storage, which these queries do not read.
 */
public final class RoleSourceDrift {

    /** Users to reconcile: those whose drift touches an admins group, and the others, at most {@code limit} of them. */
    public record Found(Set<String> adminUserIds, Set<String> otherUserIds, boolean moreThanLimit) {}

    private final KeycloakSession session;

    private RoleSourceDrift(KeycloakSession session) {
        this.session = session;
    }

    /** The drift as this session's transaction sees it. */
    public static RoleSourceDrift of(KeycloakSession session) {
        return new RoleSourceDrift(session);
    }

    public Found find(RealmModel realm, GatewayGroups groups, int limit) {
        MembershipBulk bulk = new MembershipBulk(session);
        GatewayAdmins admins = GatewayAdmins.of(session, realm, groups.system());
        Set<String> adminUsers = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        List<String[]> current = new ArrayList<>();
        for (GatewayConfig.RoleMapping mapping : groups.config().syncRoleMappings()) {
            RoleModel role = realm.getRole(mapping.role());
            if (role == null || session.groups().getGroupById(realm, mapping.groupId()) == null) {
                continue; // a deleted role's sources are no current mapping's: found below with the unmapped ones
            }
            String source = GrantSource.role(mapping.role());
            current.add(new String[] {mapping.groupId(), source});
            RoleHolders holders = RoleHolders.of(session, realm, role);
            Set<String> into = admins.includes(mapping.groupId()) ? adminUsers : others;
            // the admins groups' drift is always looked at in full: the last-admin guard must decide it now
            int cap = into == adminUsers ? Integer.MAX_VALUE : limit + 1;
            for (MembershipRows.MissingUser user :
                    bulk.sampleMissing(realm.getId(), mapping.groupId(), source, holders, cap)) {
                into.add(user.userId());
            }
            into.addAll(bulk.staleHolders(mapping.groupId(), source, holders));
        }
        for (GatewayConfig.IdentityProviderMapping mapping : groups.config().identityProviderMappings()) {
            current.add(new String[] {mapping.groupId(), GrantSource.identityProvider(mapping.identityProvider())});
        }
        for (MembershipRows.Held row : bulk.unmappedDerived(realm.getId(), current)) {
            if (row.source().startsWith(GrantSource.role(""))) {
                (admins.includes(row.groupId()) ? adminUsers : others).add(row.userId());
            }
        }
        adminUsers.removeIf(id -> !StorageId.isLocalStorage(id));
        others.removeIf(id -> !StorageId.isLocalStorage(id) || adminUsers.contains(id));
        return new Found(adminUsers, others, others.size() > limit);
    }
}
