package org.gatewayaccess.keycloak.model;

import java.util.Optional;

/** Who holds a grant: a user or a group, written {@code user:<id>} or {@code group:<id>} on the wire. */
public record Principal(Type type, String id) {

    public enum Type {
        USER("user"),
        GROUP("group");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        static Optional<Type> fromWire(String value) {
            for (Type t : values()) {
                if (t.wireName.equals(value)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    public static Principal user(String id) {
        return new Principal(Type.USER, id);
    }

    public static Principal group(String id) {
        return new Principal(Type.GROUP, id);
    }

    /** Parses {@code user:<id>} / {@code group:<id>}; empty when the text is not of that form or the id is not a valid id. */
    public static Optional<Principal> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String id = text.substring(colon + 1);
        if (!Ids.isValidEntityId(id)) {
            return Optional.empty();
        }
        return Type.fromWire(text.substring(0, colon)).map(t -> new Principal(t, id));
    }

    public String wireName() {
        return type.wireName() + ":" + id;
    }
}
