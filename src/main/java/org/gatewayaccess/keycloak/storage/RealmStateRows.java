package org.gatewayaccess.keycloak.storage;

/** The only reader and writer of {@code GA_REALM_STATE} one row per realm: see {@link GatewayAccessStore}. */
public interface RealmStateRows {

    // store-a:

    /**
     * Locks the realm's row until the transaction ends (SELECT ... FOR UPDATE): the realm's admin lock, which
     * {@code membership.LastAdminGuard} describes and every change of the realm's gateway admins takes first.
     */
    void lockForAdminChange(String realmId);
}
