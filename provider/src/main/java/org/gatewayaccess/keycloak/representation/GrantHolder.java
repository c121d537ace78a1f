package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One principal holding one permission on a resource, with all its sources ({@code GET /pools/{id}/viewers},
 * {@code GET /resources/{type}/{id}/grants}). A user holder names the user, a group holder the group's path; the name
 * is written as {@code null} when the user or group no longer exists. Read back by the fields present (a holder with
 * {@code userId} is a user's), as the answer carries no type field of its own.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(GrantHolder.User.class), @JsonSubTypes.Type(GrantHolder.Group.class)})
public sealed interface GrantHolder {

    /** {@code user:<id>} or {@code group:<id>}. */
    String principal();

    String permission();

    List<Source> sources();

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record User(String principal, String userId, String username, String permission, List<Source> sources)
            implements GrantHolder {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Group(String principal, String groupPath, String permission, List<Source> sources) implements GrantHolder {}
}
