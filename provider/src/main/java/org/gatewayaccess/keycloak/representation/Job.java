package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A sync or migration job ({@code GET /jobs/{id}}, and the 202 of {@code POST /sync} and of a migration), also the
 * representation of their admin events. {@code finishedAt} is written as {@code null} while the job runs;
 * {@code details} and {@code error} are left out when the job has none.
 *
 * @param kind {@code sync} or a migration's kind
 * @param status {@code running}, {@code completed}, {@code failed}, {@code interrupted}
 * @param details what the job kind reports beyond its counts, as the job stored it
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Job(
        String id,
        String kind,
        boolean dryRun,
        String status,
        long processed,
        long total,
        Changes changes,
        String startedAt,
        String finishedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode details,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

    /** What the job changed (or, in a dry run, would change). */
    public record Changes(long added, long removed, long kept) {}
}
