package org.gatewayaccess.it.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the single-server tests in the failsafe execution of the cluster tests ({@code it.cluster=true}),
 * where {@code -Dit.test=…} would otherwise start yet another Keycloak for them. A condition of
 * {@link RealKeycloakTest}'s own, because JUnit's {@code @DisabledIfSystemProperty} is not inherited.
 */
public final class SingleServerExecution implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return Boolean.getBoolean("it.cluster")
            ? ConditionEvaluationResult.disabled("single-server test: runs in the it-h2 and it-postgres executions, not in it-cluster")
            : ConditionEvaluationResult.enabled("not the cluster execution");
    }
}
