package org.gatewayaccess.keycloak.representation;

import java.util.List;

/** {@code DELETE /groups/{groupId}/members/{userId}}'s answer: the sources that still keep the user in (empty: no longer a member). */
public record RemainingSources(List<String> sources) {}
