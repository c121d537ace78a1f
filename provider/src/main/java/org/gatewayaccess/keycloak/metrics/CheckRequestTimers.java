package org.gatewayaccess.keycloak.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code gateway_access_check_requests_seconds}: the time to answer one {@code /check}, {@code /check/batch} or AuthZEN
 * request, inside Keycloak (from authentication to the answer). One per node, made at start-up from the options by
 * {@code rest/GatewayAccessResourceProviderFactory}, following Keycloak's conventions for its HTTP metrics:
 * {@code check-metrics-slos}, bucket bounds in milliseconds like {@code http-metrics-slos} (empty: none; default
 * {@value #DEFAULT_CHECK_SLOS}), and {@code check-metrics-histograms-enabled}, Micrometer's full range of histogram
 * buckets like {@code http-metrics-histograms-enabled}.
 *
 * <p>Published as histogram buckets ({@code _bucket{le=…}}, {@code _count}, {@code _sum}, {@code _max}), which add up
 * across the nodes of a cluster; per-node quantiles do not. Each endpoint's timer is made once and kept: looking it up
 * in the registry on every call cost more than the record itself.
 */
public final class CheckRequestTimers {

    /**
     * Default of {@code --spi-realm-restapi-extension--gateway-access--check-metrics-slos}: the bucket bounds, in
     * milliseconds, of {@code gateway_access_check_requests_seconds} (as Keycloak's {@code http-metrics-slos} are for
     * {@code http_server_requests_seconds}).
     */
    public static final String DEFAULT_CHECK_SLOS = "1,2,5,10,25,50,100,250,500,1000";

    private final List<Duration> slos;
    private final boolean histogram;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    /** @throws IllegalArgumentException for bounds that are not positive whole milliseconds (refused at start-up) */
    public CheckRequestTimers(boolean histogramsEnabled, String slosMillis) {
        this.slos = parseSlos(slosMillis);
        this.histogram = histogramsEnabled;
    }

    private static List<Duration> parseSlos(String slosMillis) {
        if (slosMillis == null || slosMillis.isBlank()) {
            return List.of();
        }
        try {
            return Arrays.stream(slosMillis.split(","))
                    .map(String::trim)
                    .filter(v -> !v.isEmpty())
                    .mapToLong(Long::parseLong)
                    .peek(v -> {
                        if (v <= 0) {
                            throw new NumberFormatException("not positive: " + v);
                        }
                    })
                    .sorted()
                    .distinct()
                    .mapToObj(Duration::ofMillis)
                    .toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "check-metrics-slos must be positive whole milliseconds separated by commas, not '" + slosMillis
                            + "'",
                    e);
        }
    }

    /** One answered request of the endpoint ({@code check}, {@code batch}, {@code evaluation}, {@code evaluations}). */
    public void record(String endpoint, long nanos) {
        Timer timer = timers.get(endpoint);
        if (timer == null) {
            timer = timers.computeIfAbsent(
                    endpoint,
                    e -> Timer.builder("gateway.access.check.requests")
                            .description("Time to answer check requests, inside Keycloak")
                            .tag("endpoint", e)
                            .serviceLevelObjectives(slos.toArray(Duration[]::new))
                            .publishPercentileHistogram(histogram)
                            .register(Metrics.globalRegistry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
