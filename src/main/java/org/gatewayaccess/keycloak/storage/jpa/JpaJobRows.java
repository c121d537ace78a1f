package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.JobRows;

final class JpaJobRows implements JobRows {

    private final EntityManager em;

    JpaJobRows(EntityManager em) {
        this.em = em;
    }

    // store-a:

    @Override
    public org.gatewayaccess.keycloak.storage.GaJobEntity find(String jobId) {
        return em.find(org.gatewayaccess.keycloak.storage.GaJobEntity.class, jobId);
    }
}
