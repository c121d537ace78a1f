package org.gatewayaccess.keycloak.pending;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link PendingApprovalRequiredAction}; realms get it enabled when their first user becomes pending. */
@AutoService(RequiredActionFactory.class)
public final class PendingApprovalRequiredActionFactory implements RequiredActionFactory {

    static final String DISPLAY_TEXT = "Gateway Access: wait for activation";
    private static final PendingApprovalRequiredAction INSTANCE = new PendingApprovalRequiredAction();

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return PendingApprovalRequiredAction.ID;
    }

    @Override
    public String getDisplayText() {
        return DISPLAY_TEXT;
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}
}
