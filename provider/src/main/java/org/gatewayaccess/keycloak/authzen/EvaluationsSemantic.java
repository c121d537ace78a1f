package org.gatewayaccess.keycloak.authzen;

import org.gatewayaccess.keycloak.model.GatewayAccessException;

/** {@code options.evaluations_semantic} of AuthZEN's evaluations API: when to stop answering the items in order. */
public enum EvaluationsSemantic {
    /** Every item is answered (the default). */
    EXECUTE_ALL("execute_all"),
    /** Items are answered up to and including the first deny; the rest are left out of the response. */
    DENY_ON_FIRST_DENY("deny_on_first_deny"),
    /** Items are answered up to and including the first permit; the rest are left out of the response. */
    PERMIT_ON_FIRST_PERMIT("permit_on_first_permit");

    private final String wireName;

    EvaluationsSemantic(String wireName) {
        this.wireName = wireName;
    }

    /** True when the answer {@code decision} ends the evaluation. */
    public boolean stopsAfter(boolean decision) {
        return this == DENY_ON_FIRST_DENY && !decision || this == PERMIT_ON_FIRST_PERMIT && decision;
    }

    public static EvaluationsSemantic fromWire(String value) {
        for (EvaluationsSemantic s : values()) {
            if (s.wireName.equals(value)) {
                return s;
            }
        }
        throw GatewayAccessException.badRequest(
                "invalid_value",
                "Field 'options.evaluations_semantic' must be one of execute_all, deny_on_first_deny, permit_on_first_permit.");
    }
}
