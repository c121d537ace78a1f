package org.gatewayaccess.keycloak.audit;

import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * A refused attempt to take the last admin away is an admin event too. The refused
 * request's own transaction rolls back, so the event is written in a transaction of its
 * own, which touches only the admin event table (no lock the refused request holds).
 */
public final class LastAdminRefusals {

    private static final Logger LOG = Logger.getLogger(LastAdminRefusals.class);

    /** The refused request's session: the actor is read from it; the event is written in a transaction of its own. */
    private final KeycloakSession session;

    private LastAdminRefusals(KeycloakSession session) {
        this.session = session;
    }

    /** The refusals of this session's request. */
    public static LastAdminRefusals of(KeycloakSession session) {
        return new LastAdminRefusals(session);
    }

    public void record(RealmModel realm, String adminsGroupId, String userId, String attempt) {
        EventActor actor = EventActor.of(session, realm.getId(), userId);
        String realmId = realm.getId();
        LOG.infof(
                "Refused in realm %s: %s%s would leave the gateway without an enabled admin",
                realm.getName(), attempt, userId == null ? "" : " of user " + userId);
        try {
            RealmTransactions.run(session.getKeycloakSessionFactory(), realmId, s -> {
                RealmModel r = s.realms().getRealm(realmId);
                if (r != null) {
                    AutomaticAdminEvents.of(s).lastAdminRefused(r, actor, adminsGroupId, userId, attempt);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not record the refused last-admin attempt in realm %s", realm.getName());
        }
    }
}
