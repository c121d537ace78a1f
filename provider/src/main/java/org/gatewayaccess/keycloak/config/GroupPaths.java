package org.gatewayaccess.keycloak.config;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Group id ↔ path ({@code /Parent/Child}), the form the configuration document uses. */
public final class GroupPaths {

    private final KeycloakSession session;
    private final RealmModel realm;

    public GroupPaths(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The group's current path, or null if the group no longer exists. */
    public String path(String groupId) {
        GroupModel group = groupId == null ? null : session.groups().getGroupById(realm, groupId);
        return group == null ? null : KeycloakModelUtils.buildGroupPath(group);
    }

    /** The group at that path, or null. */
    public GroupModel find(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        return KeycloakModelUtils.findGroupByPath(session, realm, path);
    }
}
