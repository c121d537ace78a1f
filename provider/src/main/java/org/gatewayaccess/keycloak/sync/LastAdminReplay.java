package org.gatewayaccess.keycloak.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatewayaccess.keycloak.membership.GatewayAdmins;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.KeycloakTables;
import org.keycloak.models.KeycloakSession;

/**
 * A dry run's model of the admins group while a sync would change it: who is a member (and enabled) and which
 * sources each one has, with the sync's additions and removals applied in the order the sync makes them. A removal
 * that would take the last source of the group's last enabled member is what the last-admin guard refuses
 * ({@link org.gatewayaccess.keycloak.membership.MembershipService#remove}: no source left, the user enabled and a
 * member, no other enabled member): the dry run counts it as kept, as the sync will.
 */
final class LastAdminReplay {

    private final KeycloakTables keycloak;
    private final String adminsGroupId;
    /** Keycloak members of the group, with whether they are enabled. */
    private final Map<String, Boolean> members = new HashMap<>();
    /** GA_MEMBERSHIP sources per user in the group. */
    private final Map<String, Set<String>> sources = new HashMap<>();
    /**
     * Enabled members of the admins group's subgroups: admins too ({@link GatewayAdmins}), so they keep the last member
     * of the group itself removable, as the guard counts them. The sync does not change them here.
     */
    private final Set<String> subgroupAdmins = new HashSet<>();

    LastAdminReplay(KeycloakSession session, GatewayAdmins admins) {
        GatewayAccessStore store = GatewayAccessStore.of(session);
        this.keycloak = store.keycloak();
        this.adminsGroupId = admins.adminsGroupId();
        Set<String> subgroups = new HashSet<>(admins.groupIds());
        subgroups.remove(adminsGroupId);
        if (!subgroups.isEmpty()) {
            subgroupAdmins.addAll(keycloak.enabledMembers(subgroups));
        }
        keycloak.members(adminsGroupId).forEach(member -> members.put(member.userId(), member.enabled()));
        store.memberships()
                .ofGroup(adminsGroupId)
                .forEach(row -> sources.computeIfAbsent(row.userId(), u -> new HashSet<>())
                        .add(row.source()));
    }

    boolean isAdminsGroup(String groupId) {
        return adminsGroupId.equals(groupId);
    }

    /** The sync gives these users the source; then every user with a source is a member (MembershipBulk.joinMissing). */
    void add(List<String> userIds, String source) {
        userIds.forEach(
                userId -> sources.computeIfAbsent(userId, u -> new HashSet<>()).add(source));
        List<String> joining = new ArrayList<>();
        sources.keySet().stream()
                .filter(userId -> !members.containsKey(userId) && !userId.startsWith("f:"))
                .forEach(joining::add);
        for (int from = 0; from < joining.size(); from += 500) {
            List<String> chunk = joining.subList(from, Math.min(joining.size(), from + 500));
            keycloak.users(chunk).forEach(member -> members.put(member.userId(), member.enabled()));
        }
    }

    /** The sync removes the user's source; false when the guard would refuse it (the source and membership stay). */
    boolean remove(String userId, String source) {
        Set<String> held = sources.get(userId);
        if (held == null || !held.contains(source)) {
            return true;
        }
        boolean last = held.size() == 1;
        if (last && Boolean.TRUE.equals(members.get(userId)) && !anotherEnabledMember(userId)) {
            return false;
        }
        held.remove(source);
        if (held.isEmpty()) {
            sources.remove(userId);
            members.remove(userId);
        }
        return true;
    }

    private boolean anotherEnabledMember(String userId) {
        return subgroupAdmins.stream().anyMatch(id -> !id.equals(userId))
                || members.entrySet().stream()
                        .anyMatch(e -> e.getValue() && !e.getKey().equals(userId));
    }
}
