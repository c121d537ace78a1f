package org.gatewayaccess.it.support;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the single-server tests in the failsafe execution of the cluster tests ({@code it.cluster=true}),
 * where {@code -Dit.test=…} would otherwise start yet another Keycloak for them, and in the it-mariadb execution
 * where MariaDB is not installed (reported skipped with the reason, never failed). A condition of
 * {@link RealKeycloakTest}'s own, because JUnit's {@code @DisabledIfSystemProperty} is not inherited.
 */
public final class SingleServerExecution implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Boolean.getBoolean("it.cluster")) {
            return ConditionEvaluationResult.disabled(
                    "single-server test: runs in the it-h2 and it-postgres executions, not in it-cluster");
        }
        if ("mariadb".equals(System.getProperty("it.db"))) {
            Optional<String> missing = MariaDbServer.missing();
            if (missing.isPresent()) {
                return ConditionEvaluationResult.disabled(missing.get());
            }
        }
        return ConditionEvaluationResult.enabled("a single Keycloak on " + System.getProperty("it.db", "h2"));
    }
}
