package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code POST /migrations/roles-to-groups}'s optional body. The server reads it strictly ({@code rest/RequestBodies}),
 * then looks each mapping's role and group up, in order: a malformed body is a 400 whatever roles and groups it names.
 *
 * @param removeRoles absent: false
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationRequest(List<Mapping> mappings, Boolean removeRoles) {

    /** A realm role and the group (by path, such as {@code /Admins}) its holders move to. */
    public record Mapping(String role, String group) {}
}
