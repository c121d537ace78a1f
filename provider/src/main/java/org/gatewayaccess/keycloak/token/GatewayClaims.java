package org.gatewayaccess.keycloak.token;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatewayaccess.keycloak.authz.AccessDecisions;
import org.gatewayaccess.keycloak.authz.UserPrincipals;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.pool.PoolGrantService;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;

/**
 * What {@link GatewayAccessClaimsMapper} puts into a user's tokens, worked out at most once per
 * request (Keycloak calls the mapper for the access token, the ID token and more in the same
 * request) and only for the claims asked for:
 * <ul>
 *   <li>groups: the paths of the realm's gateway groups the user is a direct member of, sorted
 *       — read from Keycloak's (cached) group memberships, no query of the extension's own;</li>
 *   <li>pools: the ids of the pools the user's principals (the user and its groups, with their
 *       ancestors) hold at least {@code view} on, in id order — one indexed query on the grants.</li>
 * </ul>
 * Both are empty for a realm the extension has not set up yet and for a user who is disabled or
 * pending approval (such a user holds nothing, as for every decision of the extension).
 */
final class GatewayClaims {

    /** Pool ids per token at most; beyond that the claim is cut (and a warning logged): use {@code /me} or {@code /check}. */
    static final int MAX_POOLS = 1000;

    private static final Logger LOG = Logger.getLogger(GatewayClaims.class);
    private static final String ATTRIBUTE = GatewayClaims.class.getName();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    private Optional<GatewayGroups> gateway;
    private UserPrincipals principals;
    private List<String> groups;
    private List<String> pools;

    private GatewayClaims(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    /** This request's claims for the user. */
    static GatewayClaims of(KeycloakSession session, RealmModel realm, UserModel user) {
        String key = ATTRIBUTE + ":" + realm.getId() + ":" + user.getId();
        GatewayClaims claims = session.getAttribute(key, GatewayClaims.class);
        if (claims == null) {
            claims = new GatewayClaims(session, realm, user);
            session.setAttribute(key, claims);
        }
        return claims;
    }

    List<String> groups() {
        if (groups == null) {
            groups = gateway()
                    .filter(g -> active())
                    .map(GatewayGroups::ids)
                    .map(this::directGatewayGroupPaths)
                    .orElse(List.of());
        }
        return groups;
    }

    List<String> pools() {
        if (pools == null) {
            pools = gateway().isPresent() && active() ? viewablePools() : List.of();
        }
        return pools;
    }

    private List<String> directGatewayGroupPaths(Set<String> gatewayGroupIds) {
        return user.getGroupsStream()
                .filter(g -> gatewayGroupIds.contains(g.getId()))
                .map(ModelToRepresentation::buildGroupPath)
                .sorted()
                .toList();
    }

    private List<String> viewablePools() {
        List<String> ids = new AccessDecisions(session, realm)
                .idsHeld(principals(), PoolGrantService.POOL, Permission.VIEW, null, 0, MAX_POOLS + 1);
        if (ids.size() > MAX_POOLS) {
            LOG.warnf(
                    "User %s of realm %s may view more than %d pools: the token claim lists the first %d only",
                    user.getId(), realm.getName(), MAX_POOLS, MAX_POOLS);
            return List.copyOf(ids.subList(0, MAX_POOLS));
        }
        return ids;
    }

    private Optional<GatewayGroups> gateway() {
        if (gateway == null) {
            gateway = GatewayGroups.of(session, realm);
        }
        return gateway;
    }

    private boolean active() {
        return principals().active();
    }

    private UserPrincipals principals() {
        if (principals == null) {
            // the node's decision cache: invalidated cluster-wide by grant, membership, user and activation changes
            principals = new AccessDecisions(session, realm).principals(user.getId());
        }
        return principals;
    }
}
