package org.gatewayaccess.keycloak.representation;

/** {@code POST /check}'s answer, and one result of {@code POST /check/batch}. */
public record CheckResult(boolean allowed) {

    public static final CheckResult ALLOWED = new CheckResult(true);
    public static final CheckResult DENIED = new CheckResult(false);

    /** One of the two constants: the hot path allocates no answer. */
    public static CheckResult of(boolean allowed) {
        return allowed ? ALLOWED : DENIED;
    }
}
