package org.gatewayaccess.keycloak.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.Metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The extension's counters, on Micrometer's global registry — the one Keycloak serves on
 * its management interface at {@code /metrics} when started with {@code --metrics-enabled=true}
 * (Prometheus names: {@code gateway_access_..._total}).
 *
 * <p>The meters of the request path ({@code /check}: the checks, the decision cache, the request timer) are made once
 * and kept: looking a meter up in the registry on every call cost more than the count itself.
 */
public final class GatewayAccessMetrics {

    /**
     * Default of {@code --spi-realm-restapi-extension--gateway-access--check-metrics-slos}: the bucket bounds, in
     * milliseconds, of {@code gateway_access_check_requests_seconds} (as Keycloak's {@code http-metrics-slos} are for
     * {@code http_server_requests_seconds}).
     */
    public static final String DEFAULT_CHECK_SLOS = "1,2,5,10,25,50,100,250,500,1000";

    private static volatile Duration[] checkSlos = parseSlos(DEFAULT_CHECK_SLOS);
    private static volatile boolean checkHistogram;
    private static final ConcurrentHashMap<String, Timer> CHECK_TIMERS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, Counter> HOT_COUNTERS = new ConcurrentHashMap<>();

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
        HOT_COUNTERS.computeIfAbsent(hit ? "cache-hit" : "cache-miss", k -> Counter.builder("gateway.access.decision.cache")
            .description("Access decisions answered from the node's cache or loaded")
            .tag("result", hit ? "hit" : "miss").register(Metrics.globalRegistry)).increment();
    }

    /** One answered access check ({@code allowed} true or false). */
    public static void check(boolean allowed) {
        HOT_COUNTERS.computeIfAbsent(allowed ? "allowed" : "denied", k -> Counter.builder("gateway.access.checks")
            .description("Access checks answered").tag("allowed", String.valueOf(allowed))
            .register(Metrics.globalRegistry)).increment();
    }

    /**
     * The buckets of {@code gateway_access_check_requests_seconds}, following Keycloak's conventions for its HTTP
     * metrics: {@code check-metrics-slos}, bucket bounds in milliseconds like {@code http-metrics-slos} (empty: none),
     * and {@code check-metrics-histograms-enabled}, Micrometer's full range of histogram buckets like
     * {@code http-metrics-histograms-enabled}. Set at start-up, before any request.
     */
    public static void configureCheckRequests(boolean histogramsEnabled, String slosMillis) {
        checkSlos = parseSlos(slosMillis);
        checkHistogram = histogramsEnabled;
        CHECK_TIMERS.clear();
    }

    private static Duration[] parseSlos(String slosMillis) {
        if (slosMillis == null || slosMillis.isBlank()) {
            return new Duration[0];
        }
        try {
            return Arrays.stream(slosMillis.split(",")).map(String::trim).filter(v -> !v.isEmpty()).mapToLong(Long::parseLong)
                .peek(v -> {
                    if (v <= 0) {
                        throw new NumberFormatException("not positive: " + v);
                    }
                })
                .sorted().distinct().mapToObj(Duration::ofMillis).toArray(Duration[]::new);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("check-metrics-slos must be positive whole milliseconds separated by commas, not '"
                + slosMillis + "'", e);
        }
    }

    /**
     * Time to answer one {@code /check} or {@code /check/batch} request, inside Keycloak (from authentication to the
     * answer). Published as histogram buckets ({@code _bucket{le=…}}, {@code _count}, {@code _sum}, {@code _max}), which
     * add up across the nodes of a cluster; per-node quantiles do not.
     */
    public static void checkRequest(String endpoint, long nanos) {
        CHECK_TIMERS.computeIfAbsent(endpoint, e -> Timer.builder("gateway.access.check.requests")
                .description("Time to answer check requests, inside Keycloak")
                .tag("endpoint", e)
                .serviceLevelObjectives(checkSlos)
                .publishPercentileHistogram(checkHistogram)
                .register(Metrics.globalRegistry))
            .record(nanos, TimeUnit.NANOSECONDS);
    }

    private static Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(Metrics.globalRegistry);
    }
}
