package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One direct member of {@code GET /groups/{groupId}/members}, with the sources that keep it in the group. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GroupMember(String principal, String userId, String username, List<Source> sources) {}
