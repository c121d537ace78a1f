package org.gatewayaccess.keycloak.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Permissions on a resource, ordered: a higher one implies every lower one. */
public enum Permission {
    VIEW,
    EDIT,
    MANAGE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean implies(Permission other) {
        return compareTo(other) >= 0;
    }

    /** This permission and every one it implies, lowest first, as on the wire: {@code manage} → {@code [view, edit, manage]}. */
    public List<String> withImplied() {
        List<String> names = new ArrayList<>();
        for (Permission p : values()) {
            if (implies(p)) {
                names.add(p.wireName());
            }
        }
        return names;
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
