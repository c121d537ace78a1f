package org.gatewayaccess.keycloak.storage;

/** The only reader and writer of {@code GA_JOB} sync and migration jobs: see {@link GatewayAccessStore}. */
public interface JobRows {
}
