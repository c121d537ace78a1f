package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /resources/{type}}: a page of ids in id order.
 *
 * @param next the cursor of the next page ({@code ?cursor=}), written as {@code null} on the last page
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ResourcePage(List<String> ids, String next) {}
