package org.gatewayaccess.keycloak.membership;

import org.gatewayaccess.keycloak.storage.UserSelection;

/** Users linked to one identity provider, in either of Keycloak's link tables (see {@link UserSelection.LinkedUsers}). */
public final class LinkedUsers implements UserSet {

    private final UserSelection.LinkedUsers selection;

    public LinkedUsers(String realmId, String alias) {
        this.selection = new UserSelection.LinkedUsers(realmId, alias);
    }

    @Override
    public UserSelection selection() {
        return selection;
    }
}
