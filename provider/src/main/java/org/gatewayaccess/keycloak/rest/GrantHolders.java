package org.gatewayaccess.keycloak.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.representation.GrantHolder;
import org.gatewayaccess.keycloak.representation.Source;
import org.gatewayaccess.keycloak.storage.GaGrantEntity;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;

/** Grant rows folded into the contract's holder shape: one entry per principal and permission, with all its sources. */
final class GrantHolders {

    private final KeycloakSession session;

    private GrantHolders(KeycloakSession session) {
        this.session = session;
    }

    /** The holders as this session reads their users and groups. */
    static GrantHolders of(KeycloakSession session) {
        return new GrantHolders(session);
    }

    /** @param grants ordered by principal and permission (as {@code GaGrant.byResource} returns them) */
    List<GrantHolder> fold(RealmModel realm, List<GaGrantEntity> grants) {
        List<GrantHolder> result = new ArrayList<>();
        Map<String, List<Source>> sourcesByHolder = new LinkedHashMap<>();
        for (GaGrantEntity grant : grants) {
            String key = grant.getPrincipalType() + ":" + grant.getPrincipalId() + " " + grant.getPermission();
            List<Source> sources = sourcesByHolder.get(key);
            if (sources == null) {
                sources = new ArrayList<>();
                sourcesByHolder.put(key, sources);
                result.add(holder(realm, grant, sources));
            }
            sources.add(new Source(
                    grant.getSource(),
                    grant.getGrantedBy(),
                    Instant.ofEpochMilli(grant.getGrantedAt()).toString()));
        }
        return result;
    }

    /** The holder of {@code grant}, sharing {@code sources} (filled in as the fold goes on). */
    private GrantHolder holder(RealmModel realm, GaGrantEntity grant, List<Source> sources) {
        String principal = grant.getPrincipalType() + ":" + grant.getPrincipalId();
        if (Principal.Type.USER.wireName().equals(grant.getPrincipalType())) {
            UserModel user = session.users().getUserById(realm, grant.getPrincipalId());
            return new GrantHolder.User(
                    principal,
                    grant.getPrincipalId(),
                    user == null ? null : user.getUsername(),
                    grant.getPermission(),
                    sources);
        }
        GroupModel group = session.groups().getGroupById(realm, grant.getPrincipalId());
        return new GrantHolder.Group(
                principal,
                group == null ? null : ModelToRepresentation.buildGroupPath(group),
                grant.getPermission(),
                sources);
    }
}
