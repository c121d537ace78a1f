package org.gatewayaccess.keycloak.storage;

/** The only reader and writer of {@code GA_JOB} sync and migration jobs: see {@link GatewayAccessStore}. */
public interface JobRows {

    // store-a:

    /** The job of that id, or null. The row carrier is managed: what the caller sets on it is written at the commit. */
    GaJobEntity find(String jobId);
}
