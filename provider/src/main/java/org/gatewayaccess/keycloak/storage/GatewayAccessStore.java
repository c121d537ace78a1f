package org.gatewayaccess.keycloak.storage;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

/**
 * The extension's persistence, one session-scoped provider of the {@link GatewayAccessStoreSpi}: every row of a
 * {@code GA_*} table, and every query the extension runs on Keycloak's own tables, is read and written through it.
 * Each table has one owner, the part named after it; domain services above this layer hold the rules (what may be
 * written, what a change invalidates) and never see an {@code EntityManager} or a query string.
 *
 * <p>The only implementation is JPA ({@code storage.jpa}), created by its factory as Keycloak's
 * {@code JpaOrganizationProvider} is. The parts hand out the JPA entities of this package as their rows: they are
 * plain data carriers here, and a second implementation would map onto them.
 */
public interface GatewayAccessStore extends Provider {

    /** The store of this session (the request's transaction). */
    static GatewayAccessStore of(KeycloakSession session) {
        return session.getProvider(GatewayAccessStore.class);
    }

    /** {@code GA_GRANT}: grant source rows. */
    GrantRows grants();

    /** {@code GA_MEMBERSHIP}: membership source rows. */
    MembershipRows memberships();

    /** {@code GA_POOL}: pools. */
    PoolRows pools();

    /** {@code GA_RESOURCE}: a gateway's registered resources. */
    ResourceRows resources();

    /** {@code GA_JOB}: sync and migration jobs. */
    JobRows jobs();

    /** {@code GA_REALM_STATE}: one row per realm (configuration, system groups, generations). */
    RealmStateRows realmStates();

    /** {@code GA_PENDING_USER}: users waiting for approval. */
    PendingUserRows pendingUsers();

    /** Keycloak's own tables: what the model has no bulk or locking call for (links, role holders, row locks). */
    KeycloakTables keycloak();

    @Override
    default void close() {}
}
