package org.gatewayaccess.keycloak.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * The extension's counters, on Micrometer's global registry — the one Keycloak serves on
 * its management interface at {@code /metrics} when started with {@code --metrics-enabled=true}
 * (Prometheus names: {@code gateway_access_..._total}).
 *
 * <p>The meters of the request path ({@code /check}: the checks, the decision cache) are made once and kept: looking a
 * meter up in the registry on every call cost more than the count itself. The request timer's buckets are an option,
 * so its meters are made by {@link CheckRequestTimers}, one per node, owned by the REST factory.
 */
public final class GatewayAccessMetrics {

    /** The meters of the request path, made once (the registry is Micrometer's global one, which outlives us all). */
    private static final Counter CACHE_HIT = Counter.builder("gateway.access.decision.cache")
            .description("Access decisions answered from the node's cache or loaded")
            .tag("result", "hit")
            .register(Metrics.globalRegistry);

    private static final Counter CACHE_MISS = Counter.builder("gateway.access.decision.cache")
            .description("Access decisions answered from the node's cache or loaded")
            .tag("result", "miss")
            .register(Metrics.globalRegistry);
    private static final Counter ALLOWED = Counter.builder("gateway.access.checks")
            .description("Access checks answered")
            .tag("allowed", "true")
            .register(Metrics.globalRegistry);
    private static final Counter DENIED = Counter.builder("gateway.access.checks")
            .description("Access checks answered")
            .tag("allowed", "false")
            .register(Metrics.globalRegistry);

    private GatewayAccessMetrics() {}

    /** Grant work after a link or unlink that failed and was queued for retry. */
    public static void linkGrantFailed() {
        counter(
                        "gateway.access.link.grant.failures",
                        "Link or unlink grant updates that failed and were queued for retry")
                .increment();
    }

    /** A queued link grant update that a retry completed. */
    public static void linkGrantRepaired() {
        counter("gateway.access.link.grant.repairs", "Queued link grant updates completed by a retry")
                .increment();
    }

    /** Grant source rows written or removed, by kind of source ({@code identity-provider}, {@code admin}). */
    public static void grants(String sourceKind, boolean added, long count) {
        if (count > 0) {
            Counter.builder("gateway.access.grants")
                    .description("Grant source rows written or removed")
                    .tag("source", sourceKind)
                    .tag("change", added ? "added" : "removed")
                    .register(Metrics.globalRegistry)
                    .increment(count);
        }
    }

    /** Membership source rows written or removed, by kind of source ({@code role}, {@code identity-provider}, {@code admin}, ...). */
    public static void memberships(String sourceKind, boolean added, long count) {
        if (count > 0) {
            Counter.builder("gateway.access.memberships")
                    .description("Gateway group membership source rows written or removed")
                    .tag("source", sourceKind)
                    .tag("change", added ? "added" : "removed")
                    .register(Metrics.globalRegistry)
                    .increment(count);
        }
    }

    /** A finished sync job, by status ({@code done}, {@code failed}). */
    public static void syncFinished(String status) {
        Counter.builder("gateway.access.sync.runs")
                .description("Finished sync jobs")
                .tag("status", status)
                .register(Metrics.globalRegistry)
                .increment();
    }

    /** A {@code /check} or {@code /me} decision answered from this node's cache ({@code hit}) or from the database. */
    public static void decisionCache(boolean hit) {
        (hit ? CACHE_HIT : CACHE_MISS).increment();
    }

    /** One answered access check ({@code allowed} true or false). */
    public static void check(boolean allowed) {
        (allowed ? ALLOWED : DENIED).increment();
    }

    private static Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(Metrics.globalRegistry);
    }
}
