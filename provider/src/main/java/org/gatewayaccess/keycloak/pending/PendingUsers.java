package org.gatewayaccess.keycloak.pending;

import java.util.List;
import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.storage.GaPendingUserEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.PendingUserRows;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;

/**
 * Users awaiting activation (pending approval). A user is marked pending when a
 * self-registration or a brokered first login creates them in a realm whose
 * configuration asks for approval; the marker is a row in GA_PENDING_USER plus the
 * {@link PendingApprovalRequiredAction} on the user, which ends every login on the
 * "waiting for an administrator" page instead of issuing tokens.
 */
public final class PendingUsers {

    private static final Logger LOG = Logger.getLogger(PendingUsers.class);

    private final KeycloakSession session;
    private final PendingUserRows rows;

    public PendingUsers(KeycloakSession session) {
        this.session = session;
        this.rows = GatewayAccessStore.of(session).pendingUsers();
    }

    public boolean isPending(RealmModel realm, String userId) {
        return rows.isPending(realm.getId(), userId);
    }

    /**
     * A user was just created by self-registration ({@code identityProvider} null) or by a
     * brokered first login. Marks them pending if the realm asks for approval of that path:
     * an empty provider list means every path, a non-empty one only those providers.
     */
    public void userRegistered(RealmModel realm, UserModel user, String identityProvider) {
        GatewayConfig config =
                GatewayGroups.of(session, realm).map(GatewayGroups::config).orElse(null);
        if (config == null || !config.pendingApprovalEnabled()) {
            return;
        }
        List<String> providers = config.pendingApprovalIdentityProviders();
        if (!providers.isEmpty() && (identityProvider == null || !providers.contains(identityProvider))) {
            return;
        }
        if (isPending(realm, user.getId())) {
            return;
        }
        GaPendingUserEntity row = new GaPendingUserEntity();
        row.setRealmId(realm.getId());
        row.setUserId(user.getId());
        row.setIdentityProvider(identityProvider);
        row.setCreatedAt(System.currentTimeMillis());
        rows.addAndFlush(row);
        GatewayAccessCaches.of(session).invalidate(realm.getId());
        ensureRequiredActionRegistered(realm);
        user.addRequiredAction(PendingApprovalRequiredAction.ID);
        LOG.infof(
                "User %s of realm %s is pending approval (%s)",
                user.getId(),
                realm.getName(),
                identityProvider == null ? "self-registration" : "first login through " + identityProvider);
    }

    /** One page, oldest first. */
    public List<GaPendingUserEntity> list(RealmModel realm, int first, int max) {
        return rows.page(realm.getId(), first, max);
    }

    /**
     * Ends the user's pending state. False if the user was not pending. The delete takes the
     * row's lock, so of two concurrent activations exactly one sees the row.
     */
    public boolean release(RealmModel realm, UserModel user) {
        int deleted = rows.remove(realm.getId(), user.getId());
        if (deleted > 0) {
            GatewayAccessCaches.of(session).invalidate(realm.getId());
            user.removeRequiredAction(PendingApprovalRequiredAction.ID);
        }
        return deleted > 0;
    }

    /** Keycloak runs only the required actions a realm has registered and enabled. */
    static void ensureRequiredActionRegistered(RealmModel realm) {
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(PendingApprovalRequiredAction.ID);
        if (model == null) {
            model = new RequiredActionProviderModel();
            model.setAlias(PendingApprovalRequiredAction.ID);
            model.setProviderId(PendingApprovalRequiredAction.ID);
            model.setName(PendingApprovalRequiredActionFactory.DISPLAY_TEXT);
            model.setEnabled(true);
            model.setDefaultAction(false);
            model.setPriority(1000);
            realm.addRequiredActionProvider(model);
        } else if (!model.isEnabled()) {
            model.setEnabled(true);
            realm.updateRequiredActionProvider(model);
        }
    }
}
