package org.gatewayaccess.keycloak.authz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.GrantRows;
import org.gatewayaccess.keycloak.storage.ResourceRows;
import org.keycloak.models.KeycloakSession;

/**
 * Read-only questions about grant rows, asked for a user's principals (the user and its
 * groups). Each is one indexed query of the store ({@link GrantRows}): by resource (the primary key's prefix) or by
 * principal ({@code IDX_GA_GRANT_PRINCIPAL}).
 */
final class GrantQueries {

    private final GrantRows grants;
    private final ResourceRows resources;

    GrantQueries(KeycloakSession session) {
        GatewayAccessStore store = GatewayAccessStore.of(session);
        this.grants = store.grants();
        this.resources = store.resources();
    }

    /** The highest permission the principals hold on one resource, if any. */
    Optional<Permission> highest(String realmId, UserPrincipals who, String type, String resourceId) {
        return grants.permissionsHeld(realmId, who.userId(), who.groupIds(), type, resourceId).stream()
                .map(Permission::fromWire)
                .flatMap(Optional::stream)
                .max(Enum::compareTo);
    }

    /** The resource's distinct (principalType, principalId, permission) rows, at most {@code max}. */
    List<Object[]> rowsOf(String realmId, String type, String resourceId, int max) {
        return grants.principalsOf(realmId, type, resourceId, max);
    }

    /** The resource types the principals hold something on, in name order, at most {@code max}. */
    List<String> typesHeld(String realmId, UserPrincipals who, int max) {
        return grants.typesHeld(realmId, who.userId(), who.groupIds(), max);
    }

    /** (id, permission) rows of one type the principals hold, in id order, at most {@code maxRows}. */
    List<Object[]> heldOfType(String realmId, UserPrincipals who, String type, int maxRows) {
        return grants.heldOfType(realmId, who.userId(), who.groupIds(), type, maxRows);
    }

    /**
     * One page of the ids of a type on which the principals hold at least {@code least},
     * in id order, after {@code after} (exclusive; null for the first page).
     */
    List<String> idsHeld(
            String realmId, UserPrincipals who, String type, Permission least, String after, int first, int max) {
        return grants.idsHeld(realmId, who.userId(), who.groupIds(), type, atLeast(least), after, first, max);
    }

    /** One page of every registered id of a type, in id order (what a caller who sees everything lists). */
    List<String> idsRegistered(String realmId, String type, String after, int first, int max) {
        return resources.idsInOrder(realmId, type, after, first, max);
    }

    /** The wire names of every permission that implies {@code least} (the permissions an "at least" query asks for). */
    static List<String> atLeast(Permission least) {
        List<String> names = new ArrayList<>();
        Arrays.stream(Permission.values()).filter(p -> p.implies(least)).forEach(p -> names.add(p.wireName()));
        return names;
    }
}
