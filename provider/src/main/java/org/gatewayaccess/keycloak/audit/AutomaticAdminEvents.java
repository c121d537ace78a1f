package org.gatewayaccess.keycloak.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.representation.Config;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * Admin events for changes nobody made through the API call itself: grants that follow
 * identity-provider links, one by one or pool-wide, and gateway group memberships by any path. Keycloak's builder wants an authenticated admin, which a
 * brokered login does not have, so the event starts from prepared auth details
 * (the {@link EventActor}) instead, and is sent as Keycloak's builder sends one.
 *
 * <p>Session-scoped: {@code AutomaticAdminEvents.of(session).membership(realm, …)}; the events go out with that
 * session's transaction.
 */
public final class AutomaticAdminEvents {

    private static final Logger LOG = Logger.getLogger(AutomaticAdminEvents.class);

    public static final String POOL_VIEWER = "GATEWAY_ACCESS_POOL_VIEWER";
    public static final String GROUP_MEMBER = "GATEWAY_ACCESS_GROUP_MEMBER";
    public static final String LAST_ADMIN = "GATEWAY_ACCESS_LAST_ADMIN";
    public static final String CONFIG = "GATEWAY_ACCESS_CONFIG";
    public static final String POOL = "GATEWAY_ACCESS_POOL";

    private final KeycloakSession session;

    private AutomaticAdminEvents(KeycloakSession session) {
        this.session = session;
    }

    /** The automatic admin events of this session. */
    public static AutomaticAdminEvents of(KeycloakSession session) {
        return new AutomaticAdminEvents(session);
    }

    public void poolViewer(
            RealmModel realm, EventActor actor, String poolId, String userId, String source, boolean added) {
        builder(session, realm, actor)
                .operation(added ? OperationType.CREATE : OperationType.DELETE)
                .resource(POOL_VIEWER)
                .resourcePath("gateway-access", "pools", poolId, "viewers", userId)
                .representation(Map.of("principal", "user:" + userId, "permission", "view", "source", source))
                .success();
    }

    /** A pool created, replaced or deleted outside the REST API (the admin console's pools page, the realm's declaration), as the API records it. */
    public void pool(
            RealmModel realm, EventActor actor, OperationType operation, String poolId, Object representation) {
        Event event = builder(session, realm, actor)
                .operation(operation)
                .resource(POOL)
                .resourcePath("gateway-access", "pools", poolId);
        if (representation != null) {
            event.representation(Json.asMap(representation)); // as AdminEvents records the API's: nulls left out
        }
        event.success();
    }

    /** One event for a set-based change of a pool's link-derived viewers (pool created, provider changed, sync). */
    public void poolViewersReconciled(
            RealmModel realm, EventActor actor, String poolId, String identityProvider, long added, long removed) {
        builder(session, realm, actor)
                .operation(OperationType.ACTION)
                .resource(POOL_VIEWER)
                .resourcePath("gateway-access", "pools", poolId, "viewers")
                .representation(Map.of(
                        "identityProvider",
                        String.valueOf(identityProvider),
                        "permission",
                        "view",
                        "added",
                        added,
                        "removed",
                        removed))
                .success();
    }

    /** One membership source added or removed, by whatever path (API, role change, link, admin console, sync). */
    public void membership(
            RealmModel realm, EventActor actor, String groupId, String userId, String source, boolean added) {
        builder(session, realm, actor)
                .operation(added ? OperationType.CREATE : OperationType.DELETE)
                .resource(GROUP_MEMBER)
                .resourcePath("gateway-access", "groups", groupId, "members", userId)
                .representation(Map.of("userId", userId, "groupId", groupId, "source", source))
                .success();
    }

    /** One event for a set-based change of a group's members of one source (seeding, sync, migration). */
    public void membershipsReconciled(
            RealmModel realm, EventActor actor, String groupId, String source, long added, long removed) {
        builder(session, realm, actor)
                .operation(OperationType.ACTION)
                .resource(GROUP_MEMBER)
                .resourcePath("gateway-access", "groups", groupId, "members")
                .representation(Map.of("groupId", groupId, "source", source, "added", added, "removed", removed))
                .success();
    }

    /** The configuration document changed by the extension itself (an upgrade storing a setting explicitly). */
    public void configChanged(RealmModel realm, EventActor actor, Config document) {
        builder(session, realm, actor)
                .operation(OperationType.UPDATE)
                .resource(CONFIG)
                .resourcePath("gateway-access", "config")
                .representation(Json.asMap(document)) // as AdminEvents records PUT /config's: nulls left out
                .success();
    }

    /**
     * A realm role's direct grant taken from a user by background work (the roles-to-groups migration with
     * {@code removeRoles}), in the shape Keycloak's own {@code DELETE users/{id}/role-mappings/realm} records:
     * {@code REALM_ROLE_MAPPING}, {@code DELETE}, path {@code users/{id}/role-mappings/realm}, representation the
     * list of removed roles (brief representations), naming whoever started the work.
     */
    public void realmRoleMappingRemoved(RealmModel realm, EventActor actor, String userId, RoleModel role) {
        builder(session, realm, actor)
                .operation(OperationType.DELETE)
                .resource(ResourceType.REALM_ROLE_MAPPING.name())
                .resourcePath("users", userId, "role-mappings", "realm")
                .representation(List.of(ModelToRepresentation.toBriefRepresentation(role)))
                .success();
    }

    /**
     * A change refused because it would have left the gateway without an enabled admin. {@code userId} is null
     * when the change named no user (an admins group deleted): the event then names the admins group only.
     */
    public void lastAdminRefused(
            RealmModel realm, EventActor actor, String adminsGroupId, String userId, String attempt) {
        Map<String, Object> representation = new java.util.LinkedHashMap<>();
        representation.put("refused", true);
        if (userId != null) {
            representation.put("userId", userId);
        }
        representation.put("attempt", attempt);
        builder(session, realm, actor)
                .operation(OperationType.ACTION)
                .resource(LAST_ADMIN)
                .resourcePath(
                        userId == null
                                ? new String[] {"gateway-access", "groups", String.valueOf(adminsGroupId)}
                                : new String[] {"gateway-access", "groups", adminsGroupId, "members", userId})
                .representation(representation)
                .success();
    }

    private static Event builder(KeycloakSession session, RealmModel realm, EventActor actor) {
        AdminEvent prepared = new AdminEvent();
        prepared.setRealmId(realm.getId());
        prepared.setRealmName(realm.getName());
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(actor.realmId());
        auth.setUserId(actor.userId());
        auth.setClientId(actor.clientId());
        auth.setIpAddress(actor.ipAddress());
        prepared.setAuthDetails(auth);
        return new Event(session, realm, prepared);
    }

    /**
     * An admin event started from prepared auth details rather than from an admin's authentication, sent the way
     * Keycloak's {@code AdminEventBuilder} sends one: to the event store when the realm keeps admin events, and to the
     * realm's event listeners and the global ones. Not a subclass of that builder: the constructor taking a prepared
     * event is protected from Keycloak 26.6 on but private in 26.5, and its public constructor needs an admin user and
     * client, which an automatic change may not have.
     */
    private static final class Event {
        private final KeycloakSession session;
        private final RealmModel realm;
        private final AdminEvent event;

        Event(KeycloakSession session, RealmModel realm, AdminEvent event) {
            this.session = session;
            this.realm = realm;
            this.event = event;
        }

        Event operation(OperationType operation) {
            event.setOperationType(operation);
            return this;
        }

        Event resource(String resourceType) {
            event.setResourceTypeAsString(resourceType);
            return this;
        }

        Event resourcePath(String... elements) {
            event.setResourcePath(String.join("/", elements));
            return this;
        }

        Event representation(Object value) {
            try {
                event.setRepresentation(JsonSerialization.writeValueAsString(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        void success() {
            AdminEvent sent = new AdminEvent(event);
            sent.setTime(Time.currentTimeMillis());
            sent.setId(UUID.randomUUID().toString());
            boolean includeRepresentation = realm.isAdminEventsDetailsEnabled();
            if (realm.isAdminEventsEnabled()) {
                EventStoreProvider store = session.getProvider(EventStoreProvider.class);
                if (store != null) {
                    store.onEvent(sent, includeRepresentation);
                }
            }
            Set<String> realmListeners = realm.getEventsListenersStream().collect(Collectors.toSet());
            Set<String> listenerIds = new LinkedHashSet<>(realmListeners);
            session.getKeycloakSessionFactory()
                    .getProviderFactoriesStream(EventListenerProvider.class)
                    .filter(f -> !realmListeners.contains(f.getId()) && ((EventListenerProviderFactory) f).isGlobal())
                    .forEach(f -> listenerIds.add(f.getId()));
            for (String id : listenerIds) {
                EventListenerProvider listener = session.getProvider(EventListenerProvider.class, id);
                if (listener == null) {
                    continue;
                }
                try {
                    listener.onEvent(sent, includeRepresentation);
                } catch (RuntimeException e) {
                    LOG.warnf(
                            e,
                            "Event listener %s failed on admin event %s %s",
                            id,
                            sent.getResourceTypeAsString(),
                            sent.getResourcePath());
                }
            }
        }
    }
}
