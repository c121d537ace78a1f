package org.gatewayaccess.keycloak.membership;

import jakarta.persistence.Query;

/** A set of users as an SQL condition on a user-id column (role holders, users linked to a provider). */
public interface UserSet {

    String condition(String userIdColumn);

    Query bind(Query query);
}
