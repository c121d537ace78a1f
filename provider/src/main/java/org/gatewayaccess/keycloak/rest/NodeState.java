package org.gatewayaccess.keycloak.rest;

import org.gatewayaccess.keycloak.auth.VerifiedTokens;
import org.gatewayaccess.keycloak.metrics.CheckRequestTimers;

/**
 * What {@link GatewayAccessResourceProviderFactory} makes once per node from its options and hands to every request
 * (through {@link Endpoint#node()}), instead of keeping it in statics: it is released when the factory closes.
 *
 * @param verifiedTokens      the bearer tokens verified within the {@code authentication-cache-seconds} window
 * @param consoleAssets       the access console's files, read once
 * @param checkRequestTimers  the timers of {@code /check} and AuthZEN requests ({@code check-metrics-*})
 * @param maxResourcesPerUser the resource-registration quota per user in force on this node (0: none)
 */
record NodeState(
        VerifiedTokens verifiedTokens,
        ConsoleAssets consoleAssets,
        CheckRequestTimers checkRequestTimers,
        int maxResourcesPerUser) {}
