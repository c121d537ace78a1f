package org.gatewayaccess.keycloak.model;

import java.util.Locale;
import java.util.Optional;

/** Permissions on a resource, ordered: a higher one implies every lower one. */
public enum Permission {
    VIEW, EDIT, MANAGE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean implies(Permission other) {
        return compareTo(other) >= 0;
    }

    /** The permission named exactly as on the wire ({@code view}, {@code edit}, {@code manage}); no case folding. */
    public static Optional<Permission> fromWire(String value) {
        for (Permission p : values()) {
            if (p.wireName().equals(value)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
