package org.gatewayaccess.keycloak.authz;

import org.gatewayaccess.keycloak.metrics.GatewayAccessMetrics;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterEvent;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.cache.infinispan.events.CacheKeyInvalidatedEvent;
import org.keycloak.models.utils.KeycloakModelUtils;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * This node's cache of access decisions, never wrong for long.
 *
 * <p>Each realm has a generation number. A cached value is served only while it carries the
 * realm's current generation and is younger than {@link #TTL_MILLIS}. Whatever can change a
 * decision (grant rows, Keycloak group memberships, groups, users, activation) calls
 * {@link #invalidate}; after its transaction commits, the realm's generation goes up here and a
 * cluster event tells every other node to do the same (Keycloak's {@link ClusterProvider}, the
 * channel Keycloak's own realm and user caches use). A value loaded while an invalidation
 * happens carries the older generation and is therefore never served: a slow reader cannot
 * put a stale decision back.
 *
 * <p>The time-to-live bounds what no event reports (memberships in federated user storage,
 * rows written directly in the database).
 *
 * <p>Each realm has a cache of its own, bounded by {@link #maxEntriesPerRealm} (Caffeine, which
 * Keycloak ships in {@code lib/lib/main}: size-bounded with its frequency-aware eviction), so a
 * realm whose {@code /check/batch} traffic asks for more distinct answers than fit evicts only its
 * own answers, never another realm's. (It used to be one map for all realms, cleared whole at
 * 200,000 entries.)
 */
public final class DecisionCache {

    static final String CLUSTER_EVENT_KEY = "gateway-access-decisions";
    static final long TTL_MILLIS = 30_000;
    /** Default of {@code --spi-realm-restapi-extension--gateway-access--decision-cache-entries-per-realm}. */
    public static final int DEFAULT_MAX_ENTRIES_PER_REALM = 100_000;
    private static final String PENDING_REALMS = DecisionCache.class.getName() + ".pendingRealms";
    private static final Logger LOG = Logger.getLogger(DecisionCache.class);

    private static final ConcurrentHashMap<String, AtomicLong> GENERATIONS = new ConcurrentHashMap<>();
    /** One bounded cache per realm id; a realm's flood evicts its own entries only. */
    private static final ConcurrentHashMap<String, Cache<Object, Entry>> REALMS = new ConcurrentHashMap<>();
    private static volatile int maxEntriesPerRealm = DEFAULT_MAX_ENTRIES_PER_REALM;

    private record Entry(Object value, long generation, long loadedAt) {
    }

    private DecisionCache() {
    }

    /**
     * The bound of each realm's cache (the option {@code decision-cache-entries-per-realm}); set at start-up, before
     * any request. Caches already made keep their bound.
     */
    public static void configure(int entriesPerRealm) {
        if (entriesPerRealm < 1) {
            throw new IllegalArgumentException("decision-cache-entries-per-realm must be at least 1, not " + entriesPerRealm);
        }
        maxEntriesPerRealm = entriesPerRealm;
        REALMS.clear();
    }

    /** Listens for other nodes' invalidations; called once at start-up. */
    public static void registerClusterListener(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
            .registerListener(CLUSTER_EVENT_KEY, event -> {
                if (event instanceof CacheKeyInvalidatedEvent e) {
                    forgetLocally(e.getId());
                }
            }));
    }

    /**
     * The cached value for the key of a realm, or the loader's answer (then cached). The key
     * must be a record whose equality covers the realm. Also used for other per-realm state that
     * every request reads and the same invalidations cover (the realm's system groups).
     */
    @SuppressWarnings("unchecked")
    public static <T> T get(String realmId, Object key, Supplier<T> loader) {
        long generation = generation(realmId);
        Cache<Object, Entry> entries = entries(realmId);
        Entry entry = entries.getIfPresent(key);
        long now = System.currentTimeMillis();
        if (entry != null && entry.generation == generation && now - entry.loadedAt < TTL_MILLIS) {
            GatewayAccessMetrics.decisionCache(true);
            return (T) entry.value;
        }
        GatewayAccessMetrics.decisionCache(false);
        T value = loader.get();
        entries.put(key, new Entry(value, generation, now));
        return value;
    }

    /** How many entries the realm's cache holds on this node (evicted ones not counted once Caffeine has cleaned up). */
    static long size(String realmId) {
        Cache<Object, Entry> entries = REALMS.get(realmId);
        if (entries == null) {
            return 0;
        }
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private static Cache<Object, Entry> entries(String realmId) {
        return REALMS.computeIfAbsent(realmId, r -> Caffeine.newBuilder()
            .maximumSize(maxEntriesPerRealm)
            .expireAfterWrite(Duration.ofMillis(TTL_MILLIS))
            // eviction work runs on the calling thread: no task of this cache on Keycloak's or the JVM's common pool
            .executor(Runnable::run)
            .build());
    }

    /**
     * Forgets the realm's cached decisions on every node once the session's transaction has
     * committed (nothing to forget if it rolls back). Cheap to call many times per transaction.
     */
    public static void invalidate(KeycloakSession session, String realmId) {
        @SuppressWarnings("unchecked")
        Set<String> realms = (Set<String>) session.getAttribute(PENDING_REALMS);
        if (realms == null) {
            realms = new HashSet<>();
            session.setAttribute(PENDING_REALMS, realms);
            Set<String> toNotify = realms;
            KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
            session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    for (String realm : toNotify) {
                        forgetLocally(realm);
                    }
                    notifyCluster(factory, toNotify);
                }

                @Override
                protected void rollbackImpl() {
                    // nothing was changed
                }
            });
        }
        realms.add(realmId);
        // a reader in this very transaction must not cache what it is about to change
        forgetLocally(realmId);
    }

    private static void notifyCluster(KeycloakSessionFactory factory, Set<String> realmIds) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                ClusterProvider cluster = s.getProvider(ClusterProvider.class);
                for (String realmId : realmIds) {
                    ClusterEvent event = new CacheKeyInvalidatedEvent(realmId);
                    cluster.notify(CLUSTER_EVENT_KEY, event, true, ClusterProvider.DCNotify.ALL_DCS);
                }
            });
        } catch (RuntimeException e) {
            // the other nodes still forget it within TTL_MILLIS
            LOG.warnf(e, "Could not tell the other nodes to forget cached decisions of realms %s", realmIds);
        }
    }

    /** This node only: every value of the realm cached so far is never served again. */
    static void forgetLocally(String realmId) {
        GENERATIONS.computeIfAbsent(realmId, r -> new AtomicLong()).incrementAndGet();
    }

    /**
     * The realm's generation on this node: it moves whenever the realm's cached decisions are forgotten. Other caches of
     * facts the same changes make stale (the verified tokens of {@code auth}) compare it too.
     */
    public static long generation(String realmId) {
        return GENERATIONS.computeIfAbsent(realmId, r -> new AtomicLong()).get();
    }
}
