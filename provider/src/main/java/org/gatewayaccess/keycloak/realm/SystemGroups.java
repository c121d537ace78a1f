package org.gatewayaccess.keycloak.realm;

/** The ids of a realm's three system groups, as recorded in GA_REALM_STATE (a rename keeps them). */
public record SystemGroups(String adminsGroupId, String readOnlyAdminsGroupId, String usersGroupId) {}
