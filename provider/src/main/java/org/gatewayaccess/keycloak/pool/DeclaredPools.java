package org.gatewayaccess.keycloak.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.gatewayaccess.keycloak.audit.AutomaticAdminEvents;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Pools declared in the realm attribute {@value #ATTRIBUTE} (a JSON array of pool bodies, as {@code POST /pools}
 * takes them), made true whenever that attribute is set: on a realm's creation or import, and on every change of it
 * (the admin API's realm update, which keycloak-config-cli and Terraform send). The declaration owns its pools
 * ({@link PoolService#SOURCE_DECLARATION}) and converges them, matched by name: a new one is created, a changed one
 * is replaced in place (same id; a changed provider swaps its link-derived viewers, as {@code PUT /pools} does), one
 * no longer declared is deleted; removing the attribute altogether hands its pools to admins. Pools made through the API or a console are never touched. The whole declaration is
 * validated before anything is written, as {@code POST /pools} validates one body; a refusal names the problem.
 * Applying the same declaration again changes nothing and records no admin event.
 */
public final class DeclaredPools {

    public static final String ATTRIBUTE = "gatewayAccess.pools";

    private static final Logger LOG = Logger.getLogger(DeclaredPools.class);

    private final KeycloakSession session;

    public DeclaredPools(KeycloakSession session) {
        this.session = session;
    }

    /** What one application changed. */
    public record Changes(int created, int updated, int deleted) {
        public boolean any() {
            return created + updated + deleted > 0;
        }
    }

    /**
     * A validated declaration ({@link #validate}): its pools, or {@code present} false when the attribute is not there
     * (removed, or blank), which is not the same as {@code []}.
     */
    public record Declaration(List<PoolInput> pools, boolean present) {}

    /**
     * Makes the realm's declared pools what {@code declaration} says ({@code []}: none, so its pools are deleted; not
     * present, the attribute removed: nothing is declared, and its pools are handed to admins).
     */
    public Changes apply(RealmModel realm, Declaration declaration, EventActor actor) {
        PoolService pools = new PoolService(session, realm);
        if (!declaration.present()) {
            return release(realm, pools, actor);
        }
        List<PoolInput> declared = declaration.pools();
        Map<String, GaPoolEntity> owned = owned(pools);
        Set<String> names = declared.stream().map(PoolInput::name).collect(Collectors.toSet());
        int created = 0;
        int updated = 0;
        int deleted = 0;
        for (GaPoolEntity pool : owned.values()) {
            if (!names.contains(pool.getName())) {
                pools.delete(pool);
                AutomaticAdminEvents.of(session)
                        .pool(
                                realm,
                                actor,
                                OperationType.DELETE,
                                pool.getId(),
                                Map.of("source", PoolService.SOURCE_DECLARATION));
                deleted++;
            }
        }
        for (PoolInput input : declared) {
            GaPoolEntity pool = owned.get(input.name());
            if (pool == null) {
                pool = pools.createDeclared(input, actor);
                AutomaticAdminEvents.of(session)
                        .pool(realm, actor, OperationType.CREATE, pool.getId(), PoolRepresentation.of(pool));
                created++;
            } else if (!Objects.equals(pool.getDescription(), input.description())
                    || !Objects.equals(pool.getIdentityProvider(), input.identityProvider())) {
                pools.replaceDeclared(pool, input, actor);
                AutomaticAdminEvents.of(session)
                        .pool(realm, actor, OperationType.UPDATE, pool.getId(), PoolRepresentation.of(pool));
                updated++;
            }
        }
        Changes changes = new Changes(created, updated, deleted);
        if (changes.any()) {
            LOG.infof(
                    "Applied %s of realm %s: %d pools created, %d updated, %d deleted",
                    ATTRIBUTE, realm.getName(), created, updated, deleted);
        }
        return changes;
    }

    /**
     * The attribute removed altogether: nothing is declared any more, and the pools it declared stay, owned by admins
     * from now on (as removing {@code gatewayAccess.config} keeps the configuration). Deleting them takes a declaration
     * that says so: an empty array.
     */
    private Changes release(RealmModel realm, PoolService pools, EventActor actor) {
        List<GaPoolEntity> owned = pools.declared();
        for (GaPoolEntity pool : owned) {
            GatewayAccessStore.of(session).pools().setSource(pool, PoolService.SOURCE_ADMIN);
            AutomaticAdminEvents.of(session)
                    .pool(realm, actor, OperationType.UPDATE, pool.getId(), PoolRepresentation.of(pool));
        }
        if (!owned.isEmpty()) {
            LOG.infof(
                    "Realm %s no longer declares %s: its %d declared pools are kept, owned by admins",
                    realm.getName(), ATTRIBUTE, owned.size());
        }
        return new Changes(0, owned.size(), 0);
    }

    /**
     * The declaration's pools, validated as {@code POST /pools} validates a body (one bad entry refuses the whole
     * declaration), without writing anything.
     *
     * @throws GatewayAccessException naming the problem
     */
    public Declaration validate(RealmModel realm, String declaration) {
        if (declaration == null || declaration.isBlank()) {
            return new Declaration(List.of(), false);
        }
        List<PoolInput> declared = parse(declaration);
        PoolService pools = new PoolService(session, realm);
        Map<String, GaPoolEntity> owned = owned(pools);
        for (PoolInput input : declared) {
            pools.requireKnownProvider(input.identityProvider());
            if (!owned.containsKey(input.name())
                    && pools.findByName(input.name()).isPresent()) {
                throw GatewayAccessException.badRequest(
                        "pool_name_taken",
                        "Pool '" + input.name() + "' of " + ATTRIBUTE
                                + " exists already and was made through the API or a console, which the declaration never takes over;"
                                + " rename one of them, or delete the other pool first.");
            }
        }
        return new Declaration(declared, true);
    }

    private static Map<String, GaPoolEntity> owned(PoolService pools) {
        return pools.declared().stream()
                .collect(Collectors.toMap(GaPoolEntity::getName, p -> p, (a, b) -> a, LinkedHashMap::new));
    }

    /**
     * Settles the owner of the realm's pools of an earlier version (which did not record it), once, at start-up: a pool
     * whose name the realm's declaration names is the declaration's (it created it at the import), any other an admin's.
     * An unreadable declaration leaves them all to admins (an earlier version refused such an import, so it is rare).
     */
    public void adoptUntracked(RealmModel realm) {
        PoolService pools = new PoolService(session, realm);
        List<GaPoolEntity> untracked = pools.untracked();
        if (untracked.isEmpty()) {
            return;
        }
        Set<String> declaredNames;
        try {
            declaredNames = parse(realm.getAttribute(ATTRIBUTE)).stream()
                    .map(PoolInput::name)
                    .collect(Collectors.toSet());
        } catch (GatewayAccessException e) {
            LOG.warnf(
                    "Realm %s: %s cannot be read (%s); its %d pools of an earlier version are taken as made by admins",
                    realm.getName(), ATTRIBUTE, e.getMessage(), untracked.size());
            declaredNames = Set.of();
        }
        for (GaPoolEntity pool : untracked) {
            GatewayAccessStore.of(session)
                    .pools()
                    .setSource(
                            pool,
                            declaredNames.contains(pool.getName())
                                    ? PoolService.SOURCE_DECLARATION
                                    : PoolService.SOURCE_ADMIN);
        }
        LOG.infof("Realm %s: recorded the owner of %d pools of an earlier version", realm.getName(), untracked.size());
    }

    /** The declaration's pools, read strictly (as {@code POST /pools} reads a body); names must be unique. */
    static List<PoolInput> parse(String declaration) {
        if (declaration == null || declaration.isBlank()) {
            return List.of();
        }
        JsonNode array = Json.parse(declaration, ATTRIBUTE);
        if (array == null || !array.isArray()) {
            throw GatewayAccessException.badRequest("invalid_request", ATTRIBUTE + " must be a JSON array of pools.");
        }
        List<PoolInput> inputs = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (JsonNode node : array) {
            if (!node.isObject()) {
                throw GatewayAccessException.badRequest("invalid_request", ATTRIBUTE + " must contain pool objects.");
            }
            PoolInput input = PoolInput.fromJson((ObjectNode) node, null);
            if (!names.add(input.name())) {
                throw GatewayAccessException.badRequest(
                        "invalid_request", ATTRIBUTE + " declares pool '" + input.name() + "' twice.");
            }
            inputs.add(input);
        }
        return inputs;
    }
}
