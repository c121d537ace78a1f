package org.gatewayaccess.keycloak.rest;

import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Ids;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Users and groups named in a path: 400 for an id that cannot exist, 404 for one that does not. */
final class ModelLookup {

    private final KeycloakSession session;

    private ModelLookup(KeycloakSession session) {
        this.session = session;
    }

    static ModelLookup of(KeycloakSession session) {
        return new ModelLookup(session);
    }

    UserModel user(RealmModel realm, String userId) {
        if (!Ids.isValidEntityId(userId)) {
            throw GatewayAccessException.badRequest("invalid_id", "That is not a valid user id.");
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            throw GatewayAccessException.notFound(
                    "user_not_found", "No user with id " + userId + " exists in this realm.");
        }
        return user;
    }

    GroupModel group(RealmModel realm, String groupId) {
        if (!Ids.isValidEntityId(groupId)) {
            throw GatewayAccessException.badRequest("invalid_id", "That is not a valid group id.");
        }
        GroupModel group = session.groups().getGroupById(realm, groupId);
        if (group == null) {
            throw GatewayAccessException.notFound(
                    "group_not_found", "No group with id " + groupId + " exists in this realm.");
        }
        return group;
    }

    /** The caller as the actor of admin events written by services. */
    EventActor actor(Caller caller) {
        String ip = session.getContext().getConnection() == null
                ? null
                : session.getContext().getConnection().getRemoteAddr();
        return new EventActor(
                caller.adminAuth().getRealm().getId(),
                caller.actorId(),
                caller.adminAuth().getClient() == null
                        ? null
                        : caller.adminAuth().getClient().getId(),
                ip);
    }
}
