package org.gatewayaccess.keycloak.model;

import java.util.regex.Pattern;

/** What an id in a path or body may look like, checked before any lookup. */
public final class Ids {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * Keycloak ids are UUIDs, but users of a federation provider without import have ids
     * such as {@code f:<component>:<external id>}: accept printable ASCII without path or
     * quoting characters, up to the column's 255 characters.
     */
    private static final Pattern ENTITY_ID = Pattern.compile("[A-Za-z0-9:._@+=-]{1,255}");

    /** Resource type names: {@code pool} is the built-in one, gateways name their own. */
    private static final Pattern RESOURCE_TYPE = Pattern.compile("[a-z0-9-]{1,64}");

    private Ids() {}

    /** Ids that this extension generates (pools, jobs). */
    public static boolean isUuid(String value) {
        return value != null && UUID.matcher(value).matches();
    }

    /** Ids of Keycloak users and groups. */
    public static boolean isValidEntityId(String value) {
        return value != null && ENTITY_ID.matcher(value).matches() && !value.contains("..");
    }

    public static boolean isValidResourceType(String value) {
        return value != null && RESOURCE_TYPE.matcher(value).matches();
    }

    /** Ids of gateway-owned resources: the gateway's own ids, with the same character rules as entity ids. */
    public static boolean isValidResourceId(String value) {
        return isValidEntityId(value);
    }
}
