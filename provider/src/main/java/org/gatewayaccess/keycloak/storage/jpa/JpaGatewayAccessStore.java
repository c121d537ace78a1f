package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.GrantRows;
import org.gatewayaccess.keycloak.storage.JobRows;
import org.gatewayaccess.keycloak.storage.KeycloakTables;
import org.gatewayaccess.keycloak.storage.MembershipRows;
import org.gatewayaccess.keycloak.storage.PendingUserRows;
import org.gatewayaccess.keycloak.storage.PoolRows;
import org.gatewayaccess.keycloak.storage.RealmStateRows;
import org.gatewayaccess.keycloak.storage.ResourceRows;
import org.keycloak.models.KeycloakSession;

/** The JPA store: each part is created on first use and lives as long as the session. */
final class JpaGatewayAccessStore implements GatewayAccessStore {

    private final KeycloakSession session;
    private final EntityManager em;
    private GrantRows grants;
    private MembershipRows memberships;
    private PoolRows pools;
    private ResourceRows resources;
    private JobRows jobs;
    private RealmStateRows realmStates;
    private PendingUserRows pendingUsers;
    private KeycloakTables keycloak;

    JpaGatewayAccessStore(KeycloakSession session, EntityManager em) {
        this.session = session;
        this.em = em;
    }

    @Override
    public GrantRows grants() {
        return grants == null ? grants = new JpaGrantRows(em) : grants;
    }

    @Override
    public MembershipRows memberships() {
        return memberships == null ? memberships = new JpaMembershipRows(em) : memberships;
    }

    @Override
    public PoolRows pools() {
        return pools == null ? pools = new JpaPoolRows(em) : pools;
    }

    @Override
    public ResourceRows resources() {
        return resources == null ? resources = new JpaResourceRows(em) : resources;
    }

    @Override
    public JobRows jobs() {
        return jobs == null ? jobs = new JpaJobRows(em) : jobs;
    }

    @Override
    public RealmStateRows realmStates() {
        return realmStates == null ? realmStates = new JpaRealmStateRows(em) : realmStates;
    }

    @Override
    public PendingUserRows pendingUsers() {
        return pendingUsers == null ? pendingUsers = new JpaPendingUserRows(em) : pendingUsers;
    }

    @Override
    public KeycloakTables keycloak() {
        return keycloak == null ? keycloak = new JpaKeycloakTables(em, realmStates()) : keycloak;
    }
}
