package org.gatewayaccess.keycloak.pending;

import java.util.HashMap;
import java.util.Map;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Tells an activated user by e-mail, after the activation has committed (never for an
 * activation that rolled back), when the realm has SMTP configured and the user has an
 * address. The body is the themed template {@value #TEMPLATE} (HTML and text); a failure
 * to send is logged and does not undo the activation.
 */
final class ActivationEmail {

    static final String TEMPLATE = "gateway-access-activated.ftl";
    static final String SUBJECT_KEY = "gatewayAccessActivatedSubject";

    private static final Logger LOG = Logger.getLogger(ActivationEmail.class);

    /** The session of the activation; the e-mail goes out after its transaction. */
    private final KeycloakSession session;

    private ActivationEmail(KeycloakSession session) {
        this.session = session;
    }

    static ActivationEmail of(KeycloakSession session) {
        return new ActivationEmail(session);
    }

    void afterCommit(RealmModel realm, UserModel user, String role) {
        String host =
                realm.getSmtpConfig() == null ? null : realm.getSmtpConfig().get("host");
        if (host == null
                || host.isBlank()
                || user.getEmail() == null
                || user.getEmail().isBlank()) {
            return;
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        String userId = user.getId();
        session.getTransactionManager().enlistAfterCompletion(new KeycloakTransaction() {
            private boolean rolledBack;

            @Override
            public void begin() {}

            @Override
            public void commit() {
                if (!rolledBack) {
                    send(factory, realmId, userId, role);
                }
            }

            @Override
            public void rollback() {
                rolledBack = true;
            }

            @Override
            public void setRollbackOnly() {
                rolledBack = true;
            }

            @Override
            public boolean getRollbackOnly() {
                return rolledBack;
            }

            @Override
            public boolean isActive() {
                return true;
            }
        });
    }

    private static void send(KeycloakSessionFactory factory, String realmId, String userId, String role) {
        try {
            RealmTransactions.run(factory, realmId, s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                if (realm == null) {
                    return;
                }
                UserModel user = s.users().getUserById(realm, userId);
                if (user == null) {
                    return;
                }
                // Keycloak adds its own entries (user, realm, locale) to this map: it must be mutable
                Map<String, Object> attributes = new HashMap<>();
                attributes.put("gatewayRole", role);
                attributes.put("realmName", realm.getDisplayName() == null ? realm.getName() : realm.getDisplayName());
                try {
                    s.getProvider(EmailTemplateProvider.class)
                            .setRealm(realm)
                            .setUser(user)
                            .send(SUBJECT_KEY, TEMPLATE, attributes);
                    LOG.infof("Sent the activation e-mail to user %s of realm %s", userId, realm.getName());
                } catch (EmailException e) {
                    LOG.warnf(
                            e, "Could not send the activation e-mail to user %s of realm %s", userId, realm.getName());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not send the activation e-mail to user %s", userId);
        }
    }
}
