package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /me}: the caller's gateway role, gateway groups and access.
 *
 * @param gatewayRole written as {@code null} when the user has none
 * @param resources type → id → permissions (with the implied ones), in key order; pools are in {@code pools}
 * @param truncated whether {@code resources} was cut short; {@code truncatedTypes} names the types that were
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Me(
        String userId,
        String username,
        String gatewayRole,
        List<Group> groups,
        List<PoolAccess> pools,
        Map<String, Map<String, List<String>>> resources,
        boolean truncated,
        List<String> truncatedTypes) {

    /** A gateway group the user is a direct member of, with the sources that keep it there. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Group(String id, String path, List<Source> sources) {}

    /** A pool the user holds a permission on, with the permissions it implies, lowest first. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PoolAccess(String id, String name, List<String> permissions) {}
}
