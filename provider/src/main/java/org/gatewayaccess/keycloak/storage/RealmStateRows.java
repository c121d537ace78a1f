package org.gatewayaccess.keycloak.storage;

import org.gatewayaccess.keycloak.realm.SystemGroups;

/**
 * The only reader and writer of {@code GA_REALM_STATE} one row per realm: see {@link GatewayAccessStore}. The row is
 * also the realm's lock: writers of realm-wide invariants (never zero admins, one running job of a kind, link work of
 * users without a {@code USER_ENTITY} row) take it with {@link #lock} and hold it until their transaction ends.
 */
public interface RealmStateRows {

    /** The realm's row (managed: a row carrier, not to be changed with its setters), or null if never set up. */
    GaRealmStateEntity find(String realmId);

    /**
     * Locks the realm's row (SELECT ... FOR UPDATE) until the transaction ends: the callers' order of locks is theirs
     * to keep (see {@code LastAdminGuard}, {@code JobStore}, {@link KeycloakTables#lockUser}).
     */
    void lock(String realmId);

    /**
     * Records the system groups (writes the row first if there is none, created {@code now}) and flushes.
     *
     * @return the realm's row
     */
    GaRealmStateEntity recordSystemGroups(String realmId, SystemGroups groups, long now);

    /** Records that the realm's memberships were seeded, and flushes. */
    void markMembershipsSeeded(String realmId, long at);

    /** Stores the configuration document (JSON) and the system groups it names, and flushes; the row must exist. */
    void saveConfiguration(String realmId, SystemGroups groups, String config, long updatedAt, String updatedBy);

    /** Deletes the realm's row (the realm is being removed). */
    void deleteRealm(String realmId);
}
