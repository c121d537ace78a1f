package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A registered gateway resource ({@code GET /resources/{type}/{id}}, the answer of its registration and the
 * representation of that admin event). {@code createdBy} is shown only to the resource's managers and to those who
 * may read every grant: for them the field is there (written as {@code null} when unknown), for everyone else it is
 * absent, hence two records. Read back by the fields present, as {@link GrantHolder}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({
    @JsonSubTypes.Type(RegisteredResource.WithCreator.class),
    @JsonSubTypes.Type(RegisteredResource.Shared.class)
})
public sealed interface RegisteredResource {

    String type();

    String id();

    /** ISO-8601 instant. */
    String createdAt();

    /** The caller's permissions on it, every implied one spelt out. */
    List<String> permissions();

    /** As the resource's managers and admins see it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record WithCreator(String type, String id, String createdBy, String createdAt, List<String> permissions)
            implements RegisteredResource {}

    /** As anyone else it is shared with sees it. */
    record Shared(String type, String id, String createdAt, List<String> permissions) implements RegisteredResource {}
}
