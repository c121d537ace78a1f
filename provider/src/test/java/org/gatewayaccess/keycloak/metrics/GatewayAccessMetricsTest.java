package org.gatewayaccess.keycloak.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code gateway_access_check_requests_seconds}: histogram buckets that add up across nodes, not per-node quantiles. */
class GatewayAccessMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void register() {
        Metrics.globalRegistry.add(registry);
    }

    @AfterEach
    void unregister() {
        Metrics.globalRegistry.remove(registry);
        Metrics.globalRegistry.clear();
    }

    @Test
    void checkRequestsAreCountedInTheDefaultBucketsWithoutQuantiles() {
        CheckRequestTimers timers = new CheckRequestTimers(false, CheckRequestTimers.DEFAULT_CHECK_SLOS);
        timers.record("check", TimeUnit.MICROSECONDS.toNanos(300));
        timers.record("check", TimeUnit.MILLISECONDS.toNanos(7));
        Timer timer = registry.get("gateway.access.check.requests")
                .tag("endpoint", "check")
                .timer();
        assertEquals(2, timer.count());
        var snapshot = timer.takeSnapshot();
        assertEquals(0, snapshot.percentileValues().length, "no quantiles");
        double[] bounds = Arrays.stream(snapshot.histogramCounts())
                .mapToDouble(b -> b.bucket(TimeUnit.MILLISECONDS))
                .toArray();
        assertArrayEquals(new double[] {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000}, bounds);
        assertEquals(1, count(snapshot.histogramCounts(), 1), "0.3 ms is at most 1 ms");
        assertEquals(1, count(snapshot.histogramCounts(), 5), "7 ms is not at most 5 ms");
        assertEquals(2, count(snapshot.histogramCounts(), 10));
    }

    @Test
    void theBoundsFollowTheOption() {
        // (the full percentile histogram of check-metrics-histograms-enabled shows only in registries with aggregable
        // percentiles, Prometheus's: the simple registry here keeps the SLO buckets alone)
        CheckRequestTimers timers = new CheckRequestTimers(false, " 3, 1,3 ");
        timers.record("batch", TimeUnit.MILLISECONDS.toNanos(2));
        Timer timer = registry.get("gateway.access.check.requests")
                .tag("endpoint", "batch")
                .timer();
        double[] bounds = Arrays.stream(timer.takeSnapshot().histogramCounts())
                .mapToDouble(b -> b.bucket(TimeUnit.MILLISECONDS))
                .toArray();
        assertArrayEquals(new double[] {1, 3}, bounds, "sorted, each once");
        assertEquals(1, count(timer.takeSnapshot().histogramCounts(), 3));
    }

    @Test
    void badBoundsAreRefusedAtStartUp() {
        assertThrows(IllegalArgumentException.class, () -> new CheckRequestTimers(false, "1,fast"));
        assertThrows(IllegalArgumentException.class, () -> new CheckRequestTimers(false, "0,5"));
    }

    private static double count(CountAtBucket[] buckets, double millis) {
        return Arrays.stream(buckets)
                .filter(b -> b.bucket(TimeUnit.MILLISECONDS) == millis)
                .findFirst()
                .orElseThrow()
                .count();
    }
}
