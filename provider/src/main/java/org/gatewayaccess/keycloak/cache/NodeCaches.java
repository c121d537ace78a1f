package org.gatewayaccess.keycloak.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * This node's caches of access decisions and of what they are made from, never wrong for long. One instance per
 * Keycloak, made by {@link DefaultGatewayAccessCachesFactory} at start-up and emptied when it closes; requests reach
 * it through {@link GatewayAccessCaches#of}.
 *
 * <p>Each realm has a generation number. A cached value is served only while it carries the realm's current
 * generation and is younger than {@link #TTL_MILLIS}. Whatever can change a decision (grant rows, Keycloak group
 * memberships, groups, users, activation) calls {@link GatewayAccessCaches#invalidate}; after its transaction commits,
 * the realm's generation goes up here ({@link #forgetLocally}) and a cluster event tells every other node to do the
 * same. A value loaded while an invalidation happens carries the older generation and is therefore never served: a
 * slow reader cannot put a stale value back.
 *
 * <p>The time-to-live bounds what no event reports (memberships in federated user storage, rows written directly in
 * the database).
 *
 * <p>Each realm has a cache of its own per {@link CacheKind}, bounded by the kind's bound (Caffeine, which Keycloak
 * ships in {@code lib/lib/main}: bounded with its frequency-aware eviction), so a realm whose {@code /check/batch}
 * traffic asks for more distinct answers than fit evicts only its own answers of that kind, never another realm's.
 * (It used to be one map for all realms, cleared whole at 200,000 entries.)
 */
public final class NodeCaches {

    /** How long a cached value is served at most, whatever the generation says. */
    public static final long TTL_MILLIS = 30_000;
    /** Default of {@code --spi-realm-restapi-extension--gateway-access--decision-cache-entries-per-realm}. */
    public static final int DEFAULT_DECISION_ENTRIES_PER_REALM = 100_000;
    /**
     * The bound of {@link CacheKind#RESOURCE_GRANTS}: principal rows per realm (a row is a principal id and a
     * permission, about 150 bytes, so at most about 15 MB per realm).
     */
    public static final int RESOURCE_GRANT_ROWS_PER_REALM = 100_000;

    private record Entry(Object value, long generation, long loadedAt) {}

    private final Map<CacheKind, Long> bounds;
    private final ConcurrentHashMap<String, AtomicLong> generations = new ConcurrentHashMap<>();
    /** Per kind, one bounded cache per realm id; a realm's flood evicts its own entries of that kind only. */
    private final Map<CacheKind, ConcurrentHashMap<String, Cache<Object, Entry>>> caches;

    private final LinkRepairQueue linkRepairs = new LinkRepairQueue();

    /** @param decisionEntriesPerRealm the bound of {@link CacheKind#DECISIONS}, at least 1 */
    public NodeCaches(int decisionEntriesPerRealm) {
        if (decisionEntriesPerRealm < 1) {
            throw new IllegalArgumentException(
                    "decision-cache-entries-per-realm must be at least 1, not " + decisionEntriesPerRealm);
        }
        Map<CacheKind, Long> b = new EnumMap<>(CacheKind.class);
        b.put(CacheKind.DECISIONS, (long) decisionEntriesPerRealm);
        b.put(CacheKind.RESOURCE_GRANTS, (long) RESOURCE_GRANT_ROWS_PER_REALM);
        this.bounds = Map.copyOf(b);
        Map<CacheKind, ConcurrentHashMap<String, Cache<Object, Entry>>> c = new EnumMap<>(CacheKind.class);
        for (CacheKind kind : CacheKind.values()) {
            c.put(kind, new ConcurrentHashMap<>());
        }
        this.caches = c;
    }

    /**
     * The cached value of that kind for the key of a realm, or the loader's answer (then cached, null included). The
     * key must be a record whose equality covers what the value depends on.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(CacheKind kind, String realmId, Object key, Supplier<T> loader) {
        long generation = generation(realmId);
        Cache<Object, Entry> entries = entries(kind, realmId);
        Entry entry = entries.getIfPresent(key);
        long now = System.currentTimeMillis();
        if (entry != null && entry.generation == generation && now - entry.loadedAt < TTL_MILLIS) {
            kind.count(true);
            return (T) entry.value;
        }
        kind.count(false);
        T value = loader.get();
        entries.put(key, new Entry(value, generation, now));
        return value;
    }

    /**
     * The realm's generation on this node: it moves whenever the realm's cached values are forgotten. Other caches of
     * facts the same changes make stale (the verified tokens of {@code auth}) compare it too.
     */
    public long generation(String realmId) {
        return generations.computeIfAbsent(realmId, r -> new AtomicLong()).get();
    }

    /** This node only: every value of the realm cached so far is never served again. */
    public void forgetLocally(String realmId) {
        generations.computeIfAbsent(realmId, r -> new AtomicLong()).incrementAndGet();
    }

    /** Links whose grants could not be written, kept on this node until a retry succeeds. */
    public LinkRepairQueue linkRepairs() {
        return linkRepairs;
    }

    /**
     * The weighed size of the realm's cache of that kind on this node: entries for {@link CacheKind#DECISIONS}, rows
     * for {@link CacheKind#RESOURCE_GRANTS} (evicted ones not counted once Caffeine has cleaned up).
     */
    public long weight(CacheKind kind, String realmId) {
        Cache<Object, Entry> entries = caches.get(kind).get(realmId);
        if (entries == null) {
            return 0;
        }
        entries.cleanUp();
        return kind.weighed()
                ? entries.policy()
                        .eviction()
                        .map(e -> e.weightedSize().orElse(0))
                        .orElse(0L)
                : entries.estimatedSize();
    }

    /** Drops every cached value (the factory closes: Keycloak stops). */
    void clear() {
        for (ConcurrentHashMap<String, Cache<Object, Entry>> realms : caches.values()) {
            realms.values().forEach(Cache::invalidateAll);
            realms.clear();
        }
        generations.clear();
    }

    private Cache<Object, Entry> entries(CacheKind kind, String realmId) {
        ConcurrentHashMap<String, Cache<Object, Entry>> realms = caches.get(kind);
        Cache<Object, Entry> entries = realms.get(realmId); // the hot path: no lambda made per request
        return entries != null ? entries : realms.computeIfAbsent(realmId, r -> build(kind));
    }

    private Cache<Object, Entry> build(CacheKind kind) {
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofMillis(TTL_MILLIS))
                // eviction work runs on the calling thread: no task of this cache on Keycloak's or the JVM's common
                // pool
                .executor(Runnable::run);
        if (kind.weighed()) {
            return builder.maximumWeight(bounds.get(kind))
                    .weigher((Object k, Entry e) -> ((CacheKind.Weighed) e.value).weight())
                    .build();
        }
        return builder.maximumSize(bounds.get(kind)).build();
    }
}
