package org.gatewayaccess.keycloak.adminconsole;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auto.service.AutoService;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.keycloak.audit.AutomaticAdminEvents;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Ids;
import org.gatewayaccess.keycloak.pool.PoolInput;
import org.gatewayaccess.keycloak.pool.PoolService;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * The "Gateway pools" page in the admin console's navigation (feature {@code declarative-ui}). The
 * admin console lists, creates, edits and deletes a page's items as realm components; here each
 * component is a pool's mirror with the pool's id as its own ({@link PoolsPageMirror}). Saving or
 * deleting an item goes through {@link PoolService}, the service of {@code POST/PUT/DELETE /pools},
 * so the same validation, grants and refusals apply; {@code GA_POOL} stays the one source of truth.
 */
@AutoService(UiPageProviderFactory.class)
public final class PoolsPage implements UiPageProvider, UiPageProviderFactory<ComponentModel> {

    /** Also the page's title in the admin console's navigation. */
    public static final String ID = "Gateway pools";

    public static final String NAME = "name";
    public static final String IDENTITY_PROVIDER = "identityProvider";
    public static final String DESCRIPTION = "description";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "The gateway's resource pools (GET /pools). Users linked to a pool's identity provider see the pool.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(NAME)
                .label("Name")
                .type(ProviderConfigProperty.STRING_TYPE)
                .required(true)
                .helpText("The pool's name, unique in the realm (at most 255 characters).")
                .add()
                .property()
                .name(IDENTITY_PROVIDER)
                .label("Identity provider")
                .type(ProviderConfigProperty.IDENTITY_PROVIDER_MULTI_LIST_TYPE)
                .helpText(
                        "At most one: users linked to it see the pool (source identity-provider:<alias>). None: nobody through a link.")
                .add()
                .property()
                .name(DESCRIPTION)
                .label("Description")
                .type(ProviderConfigProperty.TEXT_TYPE)
                .helpText("Optional, at most 4000 characters.")
                .add()
                .build();
    }

    /** The list's columns. */
    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(NAME, IDENTITY_PROVIDER, DESCRIPTION));
    }

    /**
     * Runs before Keycloak stores the component: creates or replaces the pool through {@link PoolService} and
     * puts the stored pool back into the component (a new component takes the new pool's id).
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (PoolsPageMirror.of(session).isMirroring() || InertUiComponents.featureOff()) {
            return; // our own mirror write; or, without declarative-ui, a component kept unread (see InertUiComponents)
        }
        if (!GatewayRealmSetup.isGateway(realm)) {
            // the admin console offers tab and page in every realm, Keycloak's administration realm too
            throw new ComponentValidationException(ConfigTab.asMessageFormat("Realm '" + realm.getName()
                    + "' is Keycloak's administration realm, not a gateway: choose a gateway realm."));
        }
        if (GatewayGroups.of(session, realm).isEmpty()) {
            // our own mirror write, or a realm import (not set up yet): the mirror is rebuilt from GA_POOL at setup
            return;
        }
        PoolService pools = new PoolService(session, realm);
        EventActor actor = EventActor.of(session, realm.getId(), null);
        try {
            PoolInput input = PoolInput.fromJson(body(model), null);
            boolean exists = model.getId() != null
                    && Ids.isUuid(model.getId())
                    && pools.list().stream().anyMatch(p -> p.getId().equals(model.getId()));
            GaPoolEntity pool = PoolsPageMirror.of(session)
                    .whileMirroring(
                            () -> exists ? pools.replace(model.getId(), input, actor) : pools.create(input, actor));
            model.setId(pool.getId());
            PoolsPageMirror.fill(model, pool);
            AutomaticAdminEvents.of(session)
                    .pool(
                            realm,
                            actor,
                            exists ? OperationType.UPDATE : OperationType.CREATE,
                            pool.getId(),
                            representation(pool));
        } catch (GatewayAccessException e) {
            throw new ComponentValidationException(ConfigTab.asMessageFormat(e.getMessage()));
        }
    }

    /** Deleting the item deletes the pool (and every grant on it), as {@code DELETE /pools/{id}} does. */
    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (PoolsPageMirror.of(session).isMirroring() || InertUiComponents.featureOff() || !Ids.isUuid(model.getId())) {
            return;
        }
        PoolService pools = new PoolService(session, realm);
        if (pools.list().stream().anyMatch(p -> p.getId().equals(model.getId()))) {
            try {
                PoolsPageMirror.of(session).whileMirroring(() -> {
                    pools.delete(model.getId());
                    return null;
                });
                AutomaticAdminEvents.of(session)
                        .pool(
                                realm,
                                EventActor.of(session, realm.getId(), null),
                                OperationType.DELETE,
                                model.getId(),
                                null);
            } catch (GatewayAccessException e) {
                // a refusal of the pools service (as DELETE /pools/{id} would answer it): its status and sentence, not
                // a 500
                throw ErrorResponse.error(e.getMessage(), Response.Status.fromStatusCode(e.status()));
            }
        }
    }

    /** As {@code GET /pools/{id}} shows the pool. */
    private static Map<String, Object> representation(GaPoolEntity pool) {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("id", pool.getId());
        json.put("name", pool.getName());
        json.put("description", pool.getDescription());
        json.put("identityProvider", pool.getIdentityProvider());
        json.put(
                "createdAt", java.time.Instant.ofEpochMilli(pool.getCreatedAt()).toString());
        return json;
    }

    /** The form as a pool body; the identity-provider list holds at most one alias. */
    private static ObjectNode body(ComponentModel model) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        String name = ConfigForm.first(model.getConfig(), NAME);
        if (name != null) {
            body.put("name", name);
        }
        List<String> providers = ConfigForm.values(model.getConfig(), IDENTITY_PROVIDER);
        if (providers.size() > 1) {
            throw GatewayAccessException.badRequest(
                    "invalid_value",
                    "A pool is tied to at most one identity provider; " + providers.size() + " are chosen.");
        }
        if (!providers.isEmpty()) {
            body.put("identityProvider", providers.get(0));
        }
        String description = ConfigForm.first(model.getConfig(), DESCRIPTION);
        if (description != null) {
            body.put("description", description);
        }
        return body;
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}
}
