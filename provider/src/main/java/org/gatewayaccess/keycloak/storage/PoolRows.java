package org.gatewayaccess.keycloak.storage;

import java.util.List;
import java.util.Optional;

/**
 * The only reader and writer of {@code GA_POOL} the pools: see {@link GatewayAccessStore}. Rows are
 * {@link GaPoolEntity} (the row carrier); a pool's name is unique in its realm (a unique constraint), which
 * {@link #add} and {@link #update} report instead of throwing. Its viewer grants are {@link GrantRows}'.
 */
public interface PoolRows {

    /** The realm's pools, by name. */
    List<GaPoolEntity> inRealm(String realmId);

    Optional<GaPoolEntity> byName(String realmId, String name);

    /** The pool of that id in any realm, or null: the caller checks the realm. */
    GaPoolEntity find(String id);

    /** The realm's pools tied to identity provider {@code alias}. */
    List<GaPoolEntity> byIdentityProvider(String realmId, String alias);

    /** The realm's pools of one owner ({@code GA_POOL.SOURCE}), by name. */
    List<GaPoolEntity> bySource(String realmId, String source);

    /** The realm's pools whose owner is not recorded (made by an earlier version). */
    List<GaPoolEntity> untracked(String realmId);

    /** Writes a new pool now; false if the database refused it (another pool has taken the name meanwhile). */
    boolean add(GaPoolEntity pool);

    /**
     * Writes now what the caller changed on a pool this session read; false if the database refused it (another pool
     * has taken the name meanwhile).
     */
    boolean update(GaPoolEntity pool);

    /** Records who owns a pool this session read ({@code admin} or {@code declaration}); written at the commit. */
    void setSource(GaPoolEntity pool, String source);

    /** Removes a pool this session read. */
    void remove(GaPoolEntity pool);

    /** Whether the realm has a pool. */
    boolean realmHasPools(String realmId);

    /** Pools tied to the identity provider are kept but no longer tied to any (the provider is being removed). */
    void detachIdentityProvider(String realmId, String alias);

    /** Deletes the realm's pools (the realm is being removed). */
    void deleteRealm(String realmId);
}
