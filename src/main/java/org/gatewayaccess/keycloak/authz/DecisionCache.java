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
 */
public final class DecisionCache {

    static final String CLUSTER_EVENT_KEY = "gateway-access-decisions";
    static final long TTL_MILLIS = 30_000;
    private static final int MAX_ENTRIES = 200_000;
    private static final String PENDING_REALMS = DecisionCache.class.getName() + ".pendingRealms";
    private static final Logger LOG = Logger.getLogger(DecisionCache.class);

    private static final ConcurrentHashMap<String, AtomicLong> GENERATIONS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Object, Entry> ENTRIES = new ConcurrentHashMap<>();

    private record Entry(Object value, long generation, long loadedAt) {
    }

    private DecisionCache() {
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
        Entry entry = ENTRIES.get(key);
        long now = System.currentTimeMillis();
        if (entry != null && entry.generation == generation && now - entry.loadedAt < TTL_MILLIS) {
            GatewayAccessMetrics.decisionCache(true);
            return (T) entry.value;
        }
        GatewayAccessMetrics.decisionCache(false);
        T value = loader.get();
        if (ENTRIES.size() >= MAX_ENTRIES) {
            ENTRIES.clear(); // crude but bounded; a full cache refills from the database
        }
        ENTRIES.put(key, new Entry(value, generation, now));
        return value;
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

    private static long generation(String realmId) {
        return GENERATIONS.computeIfAbsent(realmId, r -> new AtomicLong()).get();
    }
}
