package org.gatewayaccess.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Realm A's decision-cache hit rate while realm B floods {@code /check/batch} with answers never asked again, measured
 * on the extension's own decision cache ({@code cache.NodeCaches}, kind {@code DECISIONS}) in this JVM (no Keycloak, no HTTP: the cache's eviction policy is
 * what is measured, nothing else). The cache is called through reflection so the same harness runs against any build
 * of the provider: put its classes (and Caffeine, Micrometer, JBoss Logging, Keycloak's SPI jars) on the class path.
 *
 * <p>Workload, per step: realm A asks {@code a.lookups} checks drawn uniformly from {@code a.keys} distinct
 * (user, resource) answers (its working set, well within any bound); realm B asks one batch of {@code b.batch}
 * checks it never asks again. Phases: A alone fills its working set; "quiet": A alone, measured; "flood": A and B
 * interleaved, measured. A's hit rate = 1 - loads / lookups, counted by its own loader. The whole run stays well
 * under the cache's 30-second time-to-live, so expiry plays no part.
 *
 * <pre>
 * ./mvnw -o -q -pl provider compile dependency:build-classpath -Dmdep.outputFile=/tmp/ga-cp.txt
 * java -cp bench/target/classes:target/classes:$(cat /tmp/ga-cp.txt) org.gatewayaccess.bench.DecisionCacheIsolationBenchmark
 * </pre>
 */
public final class DecisionCacheIsolationBenchmark {

    private record Key(String realmId, int user, int resource) {}

    public static void main(String[] args) throws Throwable {
        int aKeys = Integer.getInteger("a.keys", 10_000);
        int aLookups = Integer.getInteger("a.lookups", 100);
        int bBatch = Integer.getInteger("b.batch", 1000);
        int steps = Integer.getInteger("steps", 2000);
        long seed = Long.getLong("seed", 42);

        // one node's caches with the default bound, their kind DECISIONS bound in: get(realmId, key, loader)
        Class<?> nodeCaches = Class.forName("org.gatewayaccess.keycloak.cache.NodeCaches");
        Class<?> kinds = Class.forName("org.gatewayaccess.keycloak.cache.CacheKind");
        Object node = nodeCaches
                .getConstructor(int.class)
                .newInstance(nodeCaches
                        .getField("DEFAULT_DECISION_ENTRIES_PER_REALM")
                        .getInt(null));
        Object decisions = kinds.getField("DECISIONS").get(null);
        MethodHandle get = MethodHandles.insertArguments(
                MethodHandles.publicLookup()
                        .findVirtual(
                                nodeCaches,
                                "get",
                                MethodType.methodType(Object.class, kinds, String.class, Object.class, Supplier.class)),
                0,
                node,
                decisions);
        String realmA = "realm-a";
        String realmB = "realm-b";
        AtomicLong aLoads = new AtomicLong();
        Supplier<Object> aLoader = () -> {
            aLoads.incrementAndGet();
            return Boolean.TRUE;
        };
        Supplier<Object> bLoader = () -> Boolean.FALSE;
        Random random = new Random(seed);

        for (int k = 0; k < aKeys; k++) { // A's working set, loaded once
            get.invoke(realmA, (Object) new Key(realmA, k % 1000, k / 1000), aLoader);
        }
        long quietLookups = 0;
        aLoads.set(0);
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < aLookups; i++, quietLookups++) {
                int k = random.nextInt(aKeys);
                get.invoke(realmA, (Object) new Key(realmA, k % 1000, k / 1000), aLoader);
            }
        }
        long quietLoads = aLoads.get();

        long floodLookups = 0;
        long bChecks = 0;
        aLoads.set(0);
        long started = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < bBatch; i++, bChecks++) {
                get.invoke(
                        realmB,
                        (Object) new Key(realmB, (int) (bChecks / 100_000), (int) (bChecks % 100_000)),
                        bLoader);
            }
            for (int i = 0; i < aLookups; i++, floodLookups++) {
                int k = random.nextInt(aKeys);
                get.invoke(realmA, (Object) new Key(realmA, k % 1000, k / 1000), aLoader);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long floodLoads = aLoads.get();

        System.out.printf(
                "workload: A %d keys, %d lookups per step; B one batch of %d new checks per step; %d steps%n",
                aKeys, aLookups, bBatch, steps);
        System.out.printf(
                "quiet: A hit rate %.4f (%d lookups, %d loads)%n",
                1 - (double) quietLoads / quietLookups, quietLookups, quietLoads);
        System.out.printf(
                "flood: A hit rate %.4f (%d lookups, %d loads), B %d checks, %.2f s, %.0f lookups/s%n",
                1 - (double) floodLoads / floodLookups,
                floodLookups,
                floodLoads,
                bChecks,
                seconds,
                (bChecks + floodLookups) / seconds);
    }
}
