package org.gatewayaccess.keycloak.rest;

import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.storage.GaGrantEntity;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Grant rows folded into the contract's holder shape: one entry per principal and permission, with all its sources. */
final class GrantHolders {

    private GrantHolders() {
    }

    /** @param grants ordered by principal and permission (as {@code GaGrant.byResource} returns them) */
    static List<Map<String, Object>> fold(KeycloakSession session, RealmModel realm, List<GaGrantEntity> grants) {
        List<Map<String, Object>> result = new ArrayList<>();
        Map<String, List<Map<String, Object>>> sourcesByHolder = new LinkedHashMap<>();
        for (GaGrantEntity grant : grants) {
            String key = grant.getPrincipalType() + ":" + grant.getPrincipalId() + " " + grant.getPermission();
            List<Map<String, Object>> sources = sourcesByHolder.get(key);
            if (sources == null) {
                sources = new ArrayList<>();
                sourcesByHolder.put(key, sources);
                result.add(holder(session, realm, grant, sources));
            }
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("source", grant.getSource());
            source.put("grantedBy", grant.getGrantedBy());
            source.put("grantedAt", Instant.ofEpochMilli(grant.getGrantedAt()).toString());
            sources.add(source);
        }
        return result;
    }

    private static Map<String, Object> holder(KeycloakSession session, RealmModel realm, GaGrantEntity grant,
                                              List<Map<String, Object>> sources) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("principal", grant.getPrincipalType() + ":" + grant.getPrincipalId());
        if (Principal.Type.USER.wireName().equals(grant.getPrincipalType())) {
            json.put("userId", grant.getPrincipalId());
            UserModel user = session.users().getUserById(realm, grant.getPrincipalId());
            json.put("username", user == null ? null : user.getUsername());
        } else {
            GroupModel group = session.groups().getGroupById(realm, grant.getPrincipalId());
            json.put("groupPath", group == null ? null : ModelToRepresentation.buildGroupPath(group));
        }
        json.put("permission", grant.getPermission());
        json.put("sources", sources);
        return json;
    }
}
