package org.gatewayaccess.keycloak.representation;

/** {@code POST /check}'s answer, and one result of {@code POST /check/batch}. */
public record CheckAnswer(boolean allowed) {

    public static final CheckAnswer ALLOWED = new CheckAnswer(true);
    public static final CheckAnswer DENIED = new CheckAnswer(false);

    /** One of the two constants: the hot path allocates no answer. */
    public static CheckAnswer of(boolean allowed) {
        return allowed ? ALLOWED : DENIED;
    }
}
