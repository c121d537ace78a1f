package org.gatewayaccess.keycloak.storage;

/** The only reader and writer of {@code GA_MEMBERSHIP} the sources of every gateway-group membership: see {@link GatewayAccessStore}. */
public interface MembershipRows {

    // store-a:

    /** The rows of the group of those users, oldest first (then by source). */
    java.util.List<GaMembershipEntity> forUsersInGroup(String groupId, java.util.List<String> userIds);

    /** Every row of the user in the realm, oldest first (then by source). */
    java.util.List<GaMembershipEntity> forUser(String realmId, String userId);
}
