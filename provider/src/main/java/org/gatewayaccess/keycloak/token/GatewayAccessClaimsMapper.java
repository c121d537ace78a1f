package org.gatewayaccess.keycloak.token;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * OIDC protocol mapper {@code gateway-access-claims}: puts the user's gateway groups (paths of
 * the gateway groups the user is a direct member of) and the ids of the pools the user may
 * view into tokens, ID tokens, the user-info answer and token introspection — each claim with
 * its own switch and name. Nothing is added unless an admin adds the mapper to a client or a
 * client scope.
 *
 * <p>The values are those of the moment a token is issued (see {@link GatewayClaims}); a token
 * carries them until it expires. Keycloak keeps one instance of a protocol mapper: this class
 * holds no state.
 */
@AutoService(ProtocolMapper.class)
public final class GatewayAccessClaimsMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "gateway-access-claims";
    public static final String DISPLAY_TYPE = "Gateway Access groups and pools";

    /** Config keys; a switch left out counts as on, a name left out or blank as its default. */
    public static final String GROUPS_ENABLED = "gateway.groups.enabled";

    public static final String GROUPS_CLAIM = "gateway.groups.claim.name";
    public static final String POOLS_ENABLED = "gateway.pools.enabled";
    public static final String POOLS_CLAIM = "gateway.pools.claim.name";

    public static final String DEFAULT_GROUPS_CLAIM = "gateway_groups";
    public static final String DEFAULT_POOLS_CLAIM = "gateway_pools";

    /** Claims Keycloak or JWT itself sets: a mapper writing one would break or forge the token. */
    private static final Set<String> RESERVED_CLAIMS = Set.of(
            "iss",
            "sub",
            "aud",
            "exp",
            "nbf",
            "iat",
            "jti",
            "typ",
            "azp",
            "sid",
            "nonce",
            "auth_time",
            "acr",
            "amr",
            "scope",
            "session_state",
            "at_hash",
            "c_hash",
            "s_hash",
            "cnf",
            "realm_access",
            "resource_access",
            "authorization",
            "allowed-origins",
            "active",
            "client_id",
            "username",
            "token_type");

    private static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1,255}");

    private static final List<ProviderConfigProperty> CONFIG = List.copyOf(configProperties());

    private static List<ProviderConfigProperty> configProperties() {
        List<ProviderConfigProperty> config = new ArrayList<>();
        config.add(property(
                GROUPS_ENABLED,
                "Add gateway groups",
                ProviderConfigProperty.BOOLEAN_TYPE,
                "true",
                "Add the paths of the gateway groups the user is a direct member of (such as /Admins)."));
        config.add(
                property(
                        GROUPS_CLAIM,
                        "Gateway groups claim name",
                        ProviderConfigProperty.STRING_TYPE,
                        DEFAULT_GROUPS_CLAIM,
                        "Top-level claim that holds the gateway group paths (a list of strings); a dot is part of the name, not nesting."));
        config.add(property(
                POOLS_ENABLED,
                "Add pools",
                ProviderConfigProperty.BOOLEAN_TYPE,
                "true",
                "Add the ids of the pools the user may view, through a grant to the user or to one of its groups "
                        + "(at most " + GatewayClaims.MAX_POOLS + ")."));
        config.add(
                property(
                        POOLS_CLAIM,
                        "Pools claim name",
                        ProviderConfigProperty.STRING_TYPE,
                        DEFAULT_POOLS_CLAIM,
                        "Top-level claim that holds the pool ids (a list of strings); a dot is part of the name, not nesting."));
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(config, GatewayAccessClaimsMapper.class);
        return config;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return DISPLAY_TYPE;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "The user's gateway groups and the ids of the pools the user may view, as they are when the token is "
                + "issued: a token keeps them until it expires.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public void validateConfig(
            KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client, ProtocolMapperModel model)
            throws ProtocolMapperConfigException {
        Map<String, String> config = config(model);
        String groups = claimName(config, GROUPS_CLAIM, DEFAULT_GROUPS_CLAIM);
        String pools = claimName(config, POOLS_CLAIM, DEFAULT_POOLS_CLAIM);
        // Keycloak answers 400 with the message (looked up by the key first) after formatting it with
        // MessageFormat, and 500 without a key. The constructor used is (message, messageKey) — the
        // varargs one takes them the other way round. The messages carry only names that passed
        // the pattern, so no quote or brace reaches MessageFormat.
        for (String name : List.of(groups, pools)) {
            if (!CLAIM_NAME.matcher(name).matches()) {
                throw new ProtocolMapperConfigException(
                        "Claim names are 1 to 255 letters, digits and _ - . : / (taken literally, as one top-level claim).",
                        "gatewayAccessInvalidClaimName");
            }
            if (RESERVED_CLAIMS.contains(name)) {
                throw new ProtocolMapperConfigException(
                        "The claim name " + name + " is reserved by JWT or Keycloak; choose another one.",
                        "gatewayAccessReservedClaimName");
            }
        }
        if (enabled(config, GROUPS_ENABLED) && enabled(config, POOLS_ENABLED) && groups.equals(pools)) {
            throw new ProtocolMapperConfigException(
                    "Gateway groups and pools need different claim names (both are " + groups + ").",
                    "gatewayAccessDuplicateClaimName");
        }
    }

    @Override
    protected void setClaim(
            IDToken token,
            ProtocolMapperModel model,
            UserSessionModel userSession,
            KeycloakSession session,
            ClientSessionContext clientSessionCtx) {
        Map<String, String> config = config(model);
        boolean groups = enabled(config, GROUPS_ENABLED);
        boolean pools = enabled(config, POOLS_ENABLED);
        if (!groups && !pools) {
            return;
        }
        GatewayClaims claims = GatewayClaims.of(session, userSession.getRealm(), userSession.getUser());
        if (groups) {
            token.getOtherClaims().put(claimName(config, GROUPS_CLAIM, DEFAULT_GROUPS_CLAIM), claims.groups());
        }
        if (pools) {
            token.getOtherClaims().put(claimName(config, POOLS_CLAIM, DEFAULT_POOLS_CLAIM), claims.pools());
        }
    }

    private static Map<String, String> config(ProtocolMapperModel model) {
        return model.getConfig() == null ? Map.of() : model.getConfig();
    }

    static boolean enabled(Map<String, String> config, String key) {
        String value = config.get(key);
        return value == null || value.isBlank() || Boolean.parseBoolean(value.trim());
    }

    static String claimName(Map<String, String> config, String key, String defaultName) {
        String value = config.get(key);
        return value == null || value.isBlank() ? defaultName : value.trim();
    }

    private static ProviderConfigProperty property(
            String name, String label, String type, String defaultValue, String help) {
        ProviderConfigProperty p = new ProviderConfigProperty();
        p.setName(name);
        p.setLabel(label);
        p.setType(type);
        p.setDefaultValue(defaultValue);
        p.setHelpText(help);
        return p;
    }
}
