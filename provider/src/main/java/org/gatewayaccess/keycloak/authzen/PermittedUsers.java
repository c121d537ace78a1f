package org.gatewayaccess.keycloak.authzen;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.gatewayaccess.keycloak.grant.GrantStore;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.storage.GaGrantEntity;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The users who might hold at least a permission on one resource, for the subject search: those granted it directly and
 * the members of every group granted it, with the members of its subgroups (a member of a subgroup holds its parents'
 * grants, as {@code /check} decides). These are candidates: the search asks the decision itself about each one, so that
 * a disabled or pending member, or one whose membership changed, is answered exactly as an evaluation would answer it.
 */
public final class PermittedUsers {

    private final KeycloakSession session;
    private final RealmModel realm;

    public PermittedUsers(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Candidate user ids in id order (the search's page order). */
    public TreeSet<String> candidates(String type, String resourceId, Permission least) {
        TreeSet<String> users = new TreeSet<>();
        Deque<GroupModel> groups = new ArrayDeque<>();
        for (GaGrantEntity grant : new GrantStore(session).forResource(realm.getId(), type, resourceId)) {
            if (!Permission.fromWire(grant.getPermission())
                    .map(p -> p.implies(least))
                    .orElse(false)) {
                continue;
            }
            if (Principal.Type.USER.wireName().equals(grant.getPrincipalType())) {
                users.add(grant.getPrincipalId());
            } else if (Principal.Type.GROUP.wireName().equals(grant.getPrincipalType())) {
                GroupModel group = session.groups().getGroupById(realm, grant.getPrincipalId());
                if (group != null) {
                    groups.add(group);
                }
            }
        }
        Set<String> seen = new HashSet<>();
        while (!groups.isEmpty()) {
            GroupModel group = groups.pop();
            if (!seen.add(group.getId())) {
                continue;
            }
            session.users().getGroupMembersStream(realm, group).forEach(u -> users.add(u.getId()));
            group.getSubGroupsStream().forEach(groups::add);
        }
        return users;
    }
}
