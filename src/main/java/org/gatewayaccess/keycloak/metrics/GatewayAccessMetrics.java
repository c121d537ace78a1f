package org.gatewayaccess.keycloak.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.Metrics;

/**
 * The extension's counters, on Micrometer's global registry — the one Keycloak serves on
 * its management interface at {@code /metrics} when started with {@code --metrics-enabled=true}
 * (Prometheus names: {@code gateway_access_..._total}).
 */
public final class GatewayAccessMetrics {

    private GatewayAccessMetrics() {
    }

    /** Grant work after a link or unlink that failed and was queued for retry. */
    public static void linkGrantFailed() {
        counter("gateway.access.link.grant.failures", "Link or unlink grant updates that failed and were queued for retry").increment();
    }

    /** A queued link grant update that a retry completed. */
    public static void linkGrantRepaired() {
        counter("gateway.access.link.grant.repairs", "Queued link grant updates completed by a retry").increment();
    }

    /** Grant source rows written or removed, by kind of source ({@code identity-provider}, {@code admin}). */
    public static void grants(String sourceKind, boolean added, long count) {
        if (count > 0) {
            Counter.builder("gateway.access.grants").description("Grant source rows written or removed")
                .tag("source", sourceKind).tag("change", added ? "added" : "removed")
                .register(Metrics.globalRegistry).increment(count);
        }
    }

    /** Membership source rows written or removed, by kind of source ({@code role}, {@code identity-provider}, {@code admin}, ...). */
    public static void memberships(String sourceKind, boolean added, long count) {
        if (count > 0) {
            Counter.builder("gateway.access.memberships").description("Gateway group membership source rows written or removed")
                .tag("source", sourceKind).tag("change", added ? "added" : "removed")
                .register(Metrics.globalRegistry).increment(count);
        }
    }

    /** A finished sync job, by status ({@code done}, {@code failed}). */
    public static void syncFinished(String status) {
        Counter.builder("gateway.access.sync.runs").description("Finished sync jobs").tag("status", status)
            .register(Metrics.globalRegistry).increment();
    }

    /** A {@code /check} or {@code /me} decision answered from this node's cache ({@code hit}) or from the database. */
    public static void decisionCache(boolean hit) {
        Counter.builder("gateway.access.decision.cache").description("Access decisions answered from the node's cache or loaded")
            .tag("result", hit ? "hit" : "miss").register(Metrics.globalRegistry).increment();
    }

    /** One answered access check ({@code allowed} true or false). */
    public static void check(boolean allowed) {
        Counter.builder("gateway.access.checks").description("Access checks answered").tag("allowed", String.valueOf(allowed))
            .register(Metrics.globalRegistry).increment();
    }

    /** Time to answer one {@code /check} or {@code /check/batch} request, inside Keycloak (from authentication to the answer). */
    public static void checkRequest(String endpoint, long nanos) {
        Timer.builder("gateway.access.check.requests").description("Time to answer check requests, inside Keycloak")
            .tag("endpoint", endpoint).publishPercentiles(0.5, 0.99)
            .register(Metrics.globalRegistry).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(Metrics.globalRegistry);
    }
}
