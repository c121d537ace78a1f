package org.gatewayaccess.keycloak.membership;

import org.gatewayaccess.keycloak.storage.UserSelection;

/** A set of users the set-based paths work on (role holders, users linked to a provider), as the store selects them. */
public interface UserSet {

    UserSelection selection();
}
