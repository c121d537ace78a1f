package org.gatewayaccess.keycloak.pending;

import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;

/**
 * Keeps a pending user from getting tokens: every login of theirs (browser, brokered,
 * registration) ends on the extension's "your account is waiting for an administrator"
 * page, and each attempt is a {@code LOGIN_ERROR} event with error
 * {@value #EVENT_ERROR}. Password grants are refused by Keycloak itself while a required
 * action is outstanding. Activation removes the action, so the next login succeeds.
 */
public final class PendingApprovalRequiredAction implements RequiredActionProvider {

    public static final String ID = "gateway-access-pending-approval";
    public static final String EVENT_ERROR = "gateway_access_pending_approval";
    static final String TEMPLATE = "gateway-access-pending.ftl";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        boolean pending = new PendingUsers(context.getSession())
                .isPending(context.getRealm(), context.getUser().getId());
        boolean marked = context.getUser().getRequiredActionsStream().anyMatch(ID::equals);
        if (pending && !marked) {
            context.getUser().addRequiredAction(ID);
        } else if (!pending && marked) {
            context.getUser().removeRequiredAction(ID);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (!new PendingUsers(context.getSession())
                .isPending(context.getRealm(), context.getUser().getId())) {
            context.success();
            return;
        }
        // error() stores the event in a transaction of its own: the login does not commit anything else
        context.getEvent()
                .clone()
                .event(EventType.LOGIN_ERROR)
                .detail(Details.CUSTOM_REQUIRED_ACTION, ID)
                .error(EVENT_ERROR);
        Response page = context.form()
                .setAttribute("gatewayAccessRealmName", displayName(context))
                .createForm(TEMPLATE);
        context.challenge(page);
    }

    @Override
    public void processAction(RequiredActionContext context) {
        // "Check again" on the page: the same decision as the first time
        requiredActionChallenge(context);
    }

    @Override
    public void close() {}

    private static String displayName(RequiredActionContext context) {
        String name = context.getRealm().getDisplayName();
        return name == null || name.isBlank() ? context.getRealm().getName() : name;
    }
}
