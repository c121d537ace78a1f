package org.gatewayaccess.keycloak.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatewayaccess.keycloak.config.GatewayConfig.IdentityProviderMapping;
import org.gatewayaccess.keycloak.config.GatewayConfig.Mode;
import org.gatewayaccess.keycloak.config.GatewayConfig.RoleMapping;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.realm.SystemGroups;
import org.junit.jupiter.api.Test;

/**
 * The configuration document's rules (docs/configuration.md, "The configuration document"): every shape it accepts and
 * every refusal, with the status, code and sentence a caller of {@code PUT /config} sees, on a fake realm.
 */
class GatewayConfigValidatorTest {

    /** The system groups in force: what {@code gatewayGroups} defaults to. */
    private static final SystemGroups CURRENT = new SystemGroups("g-admins", "g-readonly", "g-users");

    /** A realm as set up by the extension, plus a few groups, roles and providers of its own. */
    private final FakeRealm realm = new FakeRealm()
            .roles("admin", "admin-read-only", "gateway-user", "researcher", "offline_access")
            .group("/Admins", "g-admins")
            .group("/Read Only Admins", "g-readonly")
            .group("/Gateway Users", "g-users")
            .group("/Partners", "g-partners")
            .group("/Science", "g-science")
            .group("/Science/Physics", "g-physics")
            .identityProviders("partner-idp", "campus-idp");

    // --- accepted shapes ---

    @Test
    void anEmptyDocumentIsTheDefaultsWithTheSystemGroupsInForceAndTheClientScopeSwitchKept() {
        GatewayConfigParser.Parsed parsed = validate("{}");
        assertEquals(CURRENT, parsed.systemGroups());
        assertEquals(GatewayConfig.defaults(CURRENT).withAdminClientScopeRequired(false), parsed.config());
        assertFalse(parsed.config().adminClientScopeRequired(), "left out, the switch in force (false here) is kept");
        assertTrue(validate("{}", true).config().adminClientScopeRequired());
    }

    @Test
    void explicitNullsMeanTheDefaultsAsLeavingTheFieldsOut() {
        GatewayConfigParser.Parsed parsed = validate("""
            {"gatewayGroups": null, "gatewayRoles": null, "roleMappings": null, "identityProviderMappings": null,
             "discovery": null, "pendingApproval": null, "adminPromotionRequiresRealmAdmin": null, "adminClientScopeRequired": null}""");
        assertEquals(validate("{}"), parsed);
    }

    @Test
    void theDocumentOfTheDocsIsReadWithGroupsHeldById() {
        GatewayConfigParser.Parsed parsed = validate("""
            {"gatewayGroups": {"admins": "/Admins", "readOnlyAdmins": "/Read Only Admins", "users": "/Gateway Users"},
             "gatewayRoles": ["admin", "admin-read-only", "gateway-user", "researcher"],
             "roleMappings": [{"role": "admin", "group": "/Admins", "mode": "sync"},
                              {"role": "researcher", "group": "/Science/Physics", "mode": "migrate"},
                              {"role": "gateway-user", "group": "/Gateway Users"}],
             "identityProviderMappings": [{"identityProvider": "partner-idp", "group": "/Partners"}],
             "discovery": {"poolsDiscoverable": false, "discoveryGroup": "/Science"},
             "pendingApproval": {"enabled": true, "identityProviders": ["partner-idp", "campus-idp"]},
             "adminPromotionRequiresRealmAdmin": false,
             "adminClientScopeRequired": true}""");
        assertEquals(CURRENT, parsed.systemGroups());
        GatewayConfig config = parsed.config();
        assertEquals(List.of("admin", "admin-read-only", "gateway-user", "researcher"), config.gatewayRoles());
        assertEquals(
                List.of(
                        new RoleMapping("admin", "g-admins", Mode.SYNC),
                        new RoleMapping("researcher", "g-physics", Mode.MIGRATE),
                        new RoleMapping("gateway-user", "g-users", Mode.SYNC)),
                config.roleMappings(),
                "mode defaults to sync");
        assertEquals(
                List.of(new IdentityProviderMapping("partner-idp", "g-partners")), config.identityProviderMappings());
        assertFalse(config.poolsDiscoverable());
        assertEquals("g-science", config.discoveryGroupId());
        assertTrue(config.pendingApprovalEnabled());
        assertEquals(List.of("partner-idp", "campus-idp"), config.pendingApprovalIdentityProviders());
        assertFalse(config.adminPromotionRequiresRealmAdmin());
        assertTrue(config.adminClientScopeRequired());
    }

    @Test
    void gatewayGroupsLeftOutKeepTheirCurrentGroupOneByOne() {
        assertEquals(
                new SystemGroups("g-admins", "g-readonly", "g-partners"),
                validate("{\"gatewayGroups\": {\"users\": \"/Partners\"}}").systemGroups());
        assertEquals(CURRENT, validate("{\"gatewayGroups\": {}}").systemGroups());
    }

    @Test
    void theDefaultMappingsFollowRePointedSystemGroups() {
        GatewayConfigParser.Parsed parsed = validate("{\"gatewayGroups\": {\"admins\": \"/Science\"}}");
        assertEquals(
                new RoleMapping("admin", "g-science", Mode.SYNC),
                parsed.config().roleMappings().get(0));
    }

    @Test
    void emptyListsAreAccepted() {
        GatewayConfig config = validate("""
            {"roleMappings": [], "identityProviderMappings": [], "pendingApproval": {"identityProviders": []}}""").config();
        assertEquals(List.of(), config.roleMappings());
        assertEquals(List.of(), config.identityProviderMappings());
        assertEquals(List.of(), config.pendingApprovalIdentityProviders());
        assertFalse(config.pendingApprovalEnabled(), "enabled defaults to false");
    }

    @Test
    void discoveryAndPendingApprovalFieldsDefaultOneByOne() {
        GatewayConfig config = validate("{\"discovery\": {}, \"pendingApproval\": {\"enabled\": true}}")
                .config();
        assertTrue(config.poolsDiscoverable());
        assertNull(config.discoveryGroupId());
        assertTrue(config.pendingApprovalEnabled());
        assertEquals(
                List.of(), config.pendingApprovalIdentityProviders(), "[]: every first login and self-registration");
    }

    @Test
    void aRoleMayBeMappedToSeveralGroupsAndAGroupFromSeveralProviders() {
        GatewayConfig config = validate("""
            {"roleMappings": [{"role": "researcher", "group": "/Science"}, {"role": "researcher", "group": "/Science/Physics"}],
             "identityProviderMappings": [{"identityProvider": "partner-idp", "group": "/Partners"},
                                          {"identityProvider": "campus-idp", "group": "/Partners"}]}""").config();
        assertEquals(2, config.roleMappings().size());
        assertEquals(2, config.identityProviderMappings().size());
    }

    @Test
    void aHundredItemsAreTheLimitNotMore() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < GatewayConfigValidator.MAX_ITEMS; i++) {
            names.add("role-" + i);
        }
        realm.roles(names.toArray(String[]::new));
        String roles = "[\"" + String.join("\", \"", names) + "\"]";
        assertEquals(
                names, validate("{\"gatewayRoles\": " + roles + "}").config().gatewayRoles());

        realm.roles("role-100");
        refused(
                400,
                "too_long",
                "Field 'gatewayRoles' has more than 100 items.",
                "{\"gatewayRoles\": " + roles.replace("]", ", \"role-100\"]") + "}");
    }

    // --- unknown fields and wrong types ---

    @Test
    void unknownFieldsAreRefusedAtEveryLevel() {
        refused(400, "unknown_field", "Unknown field 'gatewayRole'.", "{\"gatewayRole\": [\"admin\"]}");
        refused(400, "unknown_field", "Unknown field 'admin'.", "{\"gatewayGroups\": {\"admin\": \"/Admins\"}}");
        refused(
                400,
                "unknown_field",
                "Unknown field 'groupId'.",
                "{\"roleMappings\": [{\"role\": \"admin\", \"groupId\": \"g-admins\"}]}");
        refused(
                400,
                "unknown_field",
                "Unknown field 'alias'.",
                "{\"identityProviderMappings\": [{\"alias\": \"partner-idp\", \"group\": \"/Partners\"}]}");
        refused(
                400,
                "unknown_field",
                "Unknown field 'discoveryGroupId'.",
                "{\"discovery\": {\"discoveryGroupId\": \"g-science\"}}");
        refused(400, "unknown_field", "Unknown field 'providers'.", "{\"pendingApproval\": {\"providers\": []}}");
    }

    @Test
    void objectsMustBeObjects() {
        refused(400, "invalid_type", "Field 'gatewayGroups' must be an object.", "{\"gatewayGroups\": [\"/Admins\"]}");
        refused(400, "invalid_type", "Field 'discovery' must be an object.", "{\"discovery\": true}");
        refused(400, "invalid_type", "Field 'pendingApproval' must be an object.", "{\"pendingApproval\": false}");
        refused(400, "invalid_type", "Field 'roleMappings[]' must be an object.", "{\"roleMappings\": [\"admin\"]}");
        refused(
                400,
                "invalid_type",
                "Field 'identityProviderMappings[]' must be an object.",
                "{\"identityProviderMappings\": [1]}");
    }

    @Test
    void arraysMustBeArrays() {
        refused(400, "invalid_type", "Field 'gatewayRoles' must be an array.", "{\"gatewayRoles\": \"admin\"}");
        refused(400, "invalid_type", "Field 'roleMappings' must be an array.", "{\"roleMappings\": {}}");
        refused(
                400,
                "invalid_type",
                "Field 'identityProviderMappings' must be an array.",
                "{\"identityProviderMappings\": \"partner-idp\"}");
        refused(
                400,
                "invalid_type",
                "Field 'pendingApproval.identityProviders' must be an array.",
                "{\"pendingApproval\": {\"identityProviders\": \"partner-idp\"}}");
    }

    @Test
    void listsOfNamesHoldOnlyNonBlankStringsOfAtMost255Characters() {
        for (String item : List.of("1", "true", "null", "{}", "[]", "\"\"", "\"  \"", "\"" + "r".repeat(256) + "\"")) {
            refused(
                    400,
                    "invalid_type",
                    "Field 'gatewayRoles' must be an array of names.",
                    "{\"gatewayRoles\": [" + item + "]}");
            refused(
                    400,
                    "invalid_type",
                    "Field 'pendingApproval.identityProviders' must be an array of names.",
                    "{\"pendingApproval\": {\"identityProviders\": [" + item + "]}}");
        }
    }

    @Test
    void switchesAreBooleansNeverCoerced() {
        refused(
                400,
                "invalid_type",
                "Field 'adminPromotionRequiresRealmAdmin' must be true or false.",
                "{\"adminPromotionRequiresRealmAdmin\": \"false\"}");
        refused(
                400,
                "invalid_type",
                "Field 'adminClientScopeRequired' must be true or false.",
                "{\"adminClientScopeRequired\": 0}");
        // the nested switches are named by their own field, as the contract's error bodies have always been
        refused(
                400,
                "invalid_type",
                "Field 'poolsDiscoverable' must be true or false.",
                "{\"discovery\": {\"poolsDiscoverable\": 1}}");
        refused(
                400,
                "invalid_type",
                "Field 'enabled' must be true or false.",
                "{\"pendingApproval\": {\"enabled\": \"yes\"}}");
    }

    @Test
    void pathsAndNamesAreStringsNeverCoerced() {
        refused(400, "invalid_type", "Field 'admins' must be a string.", "{\"gatewayGroups\": {\"admins\": 1}}");
        refused(
                400,
                "invalid_type",
                "Field 'discoveryGroup' must be a string.",
                "{\"discovery\": {\"discoveryGroup\": [\"/Science\"]}}");
        refused(
                400,
                "invalid_type",
                "Field 'role' must be a string.",
                "{\"roleMappings\": [{\"role\": 1, \"group\": \"/Admins\"}]}");
        refused(
                400,
                "invalid_type",
                "Field 'mode' must be a string.",
                "{\"roleMappings\": [{\"role\": \"admin\", \"group\": \"/Admins\", \"mode\": true}]}");
        refused(
                400,
                "invalid_type",
                "Field 'identityProvider' must be a string.",
                "{\"identityProviderMappings\": [{\"identityProvider\": {}, \"group\": \"/Partners\"}]}");
    }

    @Test
    void mappingsNeedTheirRoleOrProviderAndTheirGroup() {
        refused(400, "missing_field", "Field 'role' is required.", "{\"roleMappings\": [{\"group\": \"/Admins\"}]}");
        refused(400, "missing_field", "Field 'group' is required.", "{\"roleMappings\": [{\"role\": \"admin\"}]}");
        refused(
                400,
                "invalid_value",
                "Field 'group' must not be blank.",
                "{\"roleMappings\": [{\"role\": \"admin\", \"group\": \" \"}]}");
        refused(
                400,
                "missing_field",
                "Field 'identityProvider' is required.",
                "{\"identityProviderMappings\": [{\"group\": \"/Partners\"}]}");
        refused(
                400,
                "missing_field",
                "Field 'group' is required.",
                "{\"identityProviderMappings\": [{\"identityProvider\": \"partner-idp\", \"group\": null}]}");
    }

    @Test
    void theModeIsSyncOrMigrate() {
        refused(
                400,
                "invalid_value",
                "Field 'roleMappings[].mode' must be 'sync' or 'migrate'.",
                "{\"roleMappings\": [{\"role\": \"admin\", \"group\": \"/Admins\", \"mode\": \"SYNC\"}]}");
        refused(
                400,
                "too_long",
                "Field 'mode' is longer than 16 characters.",
                "{\"roleMappings\": [{\"role\": \"admin\", \"group\": \"/Admins\", \"mode\": \"" + "m".repeat(17)
                        + "\"}]}");
    }

    @Test
    void lengthsAndControlCharactersAreLimited() {
        refused(
                400,
                "too_long",
                "Field 'role' is longer than 255 characters.",
                "{\"roleMappings\": [{\"role\": \"" + "r".repeat(256) + "\", \"group\": \"/Admins\"}]}");
        refused(
                400,
                "too_long",
                "Field 'users' is longer than 1020 characters.",
                "{\"gatewayGroups\": {\"users\": \"/" + "g".repeat(1020) + "\"}}");
        refused(
                400,
                "invalid_value",
                "Field 'discoveryGroup' contains control characters.",
                "{\"discovery\": {\"discoveryGroup\": \"/Sci\\u0000ence\"}}");
    }

    // --- duplicates ---

    @Test
    void theThreeGatewayGroupsAreThreeDifferentGroups() {
        refused(
                400,
                "invalid_value",
                "The three gateway groups must be three different groups.",
                "{\"gatewayGroups\": {\"users\": \"/Admins\"}}");
        refused(
                400,
                "invalid_value",
                "The three gateway groups must be three different groups.",
                "{\"gatewayGroups\": {\"admins\": \"/Partners\", \"readOnlyAdmins\": \"/Partners\", \"users\": \"/Science\"}}");
    }

    @Test
    void gatewayRolesNameAtLeastOneRoleEachOnce() {
        refused(400, "invalid_value", "Field 'gatewayRoles' must name at least one role.", "{\"gatewayRoles\": []}");
        refused(
                400,
                "invalid_value",
                "Field 'gatewayRoles' names a role twice.",
                "{\"gatewayRoles\": [\"admin\", \"researcher\", \"admin\"]}");
    }

    @Test
    void aRoleIsMappedToTheSameGroupOnceWhateverTheMode() {
        refused(400, "invalid_value", "Role 'researcher' is mapped to the same group twice.", """
            {"roleMappings": [{"role": "researcher", "group": "/Science", "mode": "sync"},
                              {"role": "researcher", "group": "/Science", "mode": "migrate"}]}""");
    }

    // --- references to what does not exist ---

    @Test
    void rolesMustExist() {
        refused(
                400,
                "unknown_role",
                "Field 'gatewayRoles': realm role 'astronomer' does not exist.",
                "{\"gatewayRoles\": [\"admin\", \"astronomer\"]}");
        refused(
                400,
                "unknown_role",
                "Field 'roleMappings[].role': realm role 'astronomer' does not exist.",
                "{\"roleMappings\": [{\"role\": \"astronomer\", \"group\": \"/Science\"}]}");
    }

    @Test
    void groupsMustExistAndAreGivenByPath() {
        String sentence = "' does not exist (groups are given by path, such as /Admins).";
        refused(
                400,
                "unknown_group",
                "Field 'gatewayGroups.admins': group '/Admin" + sentence,
                "{\"gatewayGroups\": {\"admins\": \"/Admin\"}}");
        refused(
                400,
                "unknown_group",
                "Field 'gatewayGroups.readOnlyAdmins': group 'Read Only Admins" + sentence,
                "{\"gatewayGroups\": {\"readOnlyAdmins\": \"Read Only Admins\"}}");
        refused(
                400,
                "unknown_group",
                "Field 'gatewayGroups.users': group 'g-users" + sentence,
                "{\"gatewayGroups\": {\"users\": \"g-users\"}}");
        refused(
                400,
                "unknown_group",
                "Field 'roleMappings[].group': group '/Physics" + sentence,
                "{\"roleMappings\": [{\"role\": \"researcher\", \"group\": \"/Physics\"}]}");
        refused(
                400,
                "unknown_group",
                "Field 'identityProviderMappings[].group': group '/Partner" + sentence,
                "{\"identityProviderMappings\": [{\"identityProvider\": \"partner-idp\", \"group\": \"/Partner\"}]}");
        refused(
                400,
                "unknown_group",
                "Field 'discovery.discoveryGroup': group '/Sciences" + sentence,
                "{\"discovery\": {\"discoveryGroup\": \"/Sciences\"}}");
    }

    @Test
    void identityProvidersMustExist() {
        refused(
                400,
                "unknown_identity_provider",
                "Field 'identityProviderMappings[].identityProvider': identity provider 'partner-idpp' does not exist.",
                "{\"identityProviderMappings\": [{\"identityProvider\": \"partner-idpp\", \"group\": \"/Partners\"}]}");
        refused(
                400,
                "unknown_identity_provider",
                "Field 'pendingApproval.identityProviders': identity provider 'nope' does not exist.",
                "{\"pendingApproval\": {\"enabled\": true, \"identityProviders\": [\"partner-idp\", \"nope\"]}}");
    }

    // --- cycles ---

    @Test
    void aMappingWhoseGroupAlreadyGrantsItsRoleIsACycle() {
        realm.grants("g-physics", "researcher");
        refused(
                400,
                "cycle",
                "Group '/Science/Physics' already grants role 'researcher', so mapping that role to it would never let"
                        + " anyone out.",
                "{\"roleMappings\": [{\"role\": \"researcher\", \"group\": \"/Science/Physics\", \"mode\": \"migrate\"}]}");
        // another role into the same group is no cycle
        assertEquals(
                1,
                validate("{\"roleMappings\": [{\"role\": \"admin\", \"group\": \"/Science/Physics\"}]}")
                        .config()
                        .roleMappings()
                        .size());
    }

    @Test
    void theDefaultMappingsAreCheckedForCyclesAsGivenOnes() {
        realm.grants("g-users", "gateway-user");
        refused(
                400,
                "cycle",
                "Group '/Gateway Users' already grants role 'gateway-user', so mapping that role to it would never let"
                        + " anyone out.",
                "{}");
        assertEquals(
                List.of(new RoleMapping("admin", "g-admins", Mode.SYNC)),
                validate("{\"roleMappings\": [{\"role\": \"admin\", \"group\": \"/Admins\"}]}")
                        .config()
                        .roleMappings());
    }

    // --- the delegation boundary ---

    @Test
    void aGatewayRoleOutsideTheGatewayRolesIsRefusedNamingWhy() {
        realm.outside("researcher", "contains role 'realm-management/view-users', which is not a gateway role");
        refused(
                400,
                "invalid_gateway_role",
                "Field 'gatewayRoles': role 'researcher' contains role 'realm-management/view-users', which"
                        + " is not a gateway role; a gateway role must be a realm role whose composites are only other gateway roles.",
                "{\"gatewayRoles\": [\"admin\", \"researcher\"]}");
        realm.outside("offline_access", "is one of Keycloak's built-in roles");
        refused(
                400,
                "invalid_gateway_role",
                "Field 'gatewayRoles': role 'offline_access' is one of Keycloak's built-in roles; a gateway"
                        + " role must be a realm role whose composites are only other gateway roles.",
                "{\"gatewayRoles\": [\"offline_access\"]}");
    }

    @Test
    void whatIsInsideIsJudgedAgainstTheDocumentsOwnGatewayRoles() {
        validate("{\"gatewayRoles\": [\"admin\", \"researcher\"]}");
        assertEquals(Set.of("admin", "researcher"), realm.askedAllowed);
    }

    @Test
    void aPrivilegedSystemGroupIsRefusedWith403() {
        realm.privileged("g-science", "realm-management/realm-admin");
        refused(
                403,
                "privileged_group",
                "Group '/Science' gives its members role 'realm-management/realm-admin', which is not a gateway"
                        + " role: only Keycloak admins, through Keycloak's admin console or admin API, may make a gateway group of it.",
                "{\"gatewayGroups\": {\"readOnlyAdmins\": \"/Science\"}, \"roleMappings\": []}");
    }

    @Test
    void aSystemGroupInForceIsCheckedToo() {
        realm.privileged("g-users", "researcher");
        refused(
                403,
                "privileged_group",
                "Group '/Gateway Users' gives its members role 'researcher', which is not a gateway role: only"
                        + " Keycloak admins, through Keycloak's admin console or admin API, may make a gateway group of it.",
                "{}");
    }

    @Test
    void aPrivilegedMappingTargetIsRefusedWith403() {
        realm.privileged("g-physics", "realm-management/view-users");
        refused(
                403,
                "privileged_group",
                "Group '/Science/Physics' gives its members role 'realm-management/view-users', which is not a"
                        + " gateway role: only Keycloak admins, through Keycloak's admin console or admin API, may map to it.",
                "{\"roleMappings\": [{\"role\": \"researcher\", \"group\": \"/Science/Physics\", \"mode\": \"migrate\"}]}");
        refused(
                403,
                "privileged_group",
                "Group '/Science/Physics' gives its members role 'realm-management/view-users', which is not a"
                        + " gateway role: only Keycloak admins, through Keycloak's admin console or admin API, may map to it.",
                "{\"identityProviderMappings\": [{\"identityProvider\": \"partner-idp\", \"group\": \"/Science/Physics\"}]}");
    }

    @Test
    void theDiscoveryGroupAndPendingProvidersAreNoMappingTargets() {
        realm.privileged("g-science", "realm-management/realm-admin");
        assertEquals(
                "g-science",
                validate("{\"discovery\": {\"discoveryGroup\": \"/Science\"}}")
                        .config()
                        .discoveryGroupId());
    }

    @Test
    void aSystemGroupThatNoLongerExistsIsNotAskedAbout() {
        GatewayConfigParser.Parsed parsed =
                validator().validate(Json.object("{}"), new SystemGroups("gone", "g-readonly", "g-users"), true);
        assertEquals("gone", parsed.systemGroups().adminsGroupId());
    }

    // --- the order of the refusals: the first in the document's order wins ---

    @Test
    void shapeAndReferencesAreCheckedInTheDocumentsOrderBeforeTheBoundary() {
        realm.outside("researcher", "is a client role");
        realm.privileged("g-partners", "researcher");
        realm.grants("g-science", "researcher");
        // an unknown field first, wherever it is
        refused(
                400,
                "unknown_field",
                "Unknown field 'extra'.",
                "{\"gatewayGroups\": {\"admins\": \"/Nope\"}, \"extra\": 1}");
        // gatewayGroups before gatewayRoles
        refused(
                400,
                "unknown_group",
                "Field 'gatewayGroups.admins': group '/Nope' does not exist (groups are given by path, such as"
                        + " /Admins).",
                "{\"gatewayRoles\": [\"nope\"], \"gatewayGroups\": {\"admins\": \"/Nope\"}}");
        // gatewayRoles: unknown before duplicate
        refused(
                400,
                "unknown_role",
                "Field 'gatewayRoles': realm role 'nope' does not exist.",
                "{\"gatewayRoles\": [\"admin\", \"admin\", \"nope\"]}");
        // role mappings and their cycles before the provider mappings
        refused(
                400,
                "cycle",
                "Group '/Science' already grants role 'researcher', so mapping that role to it would never let anyone out.",
                "{\"roleMappings\": [{\"role\": \"researcher\", \"group\": \"/Science\"}],"
                        + " \"identityProviderMappings\": [{\"identityProvider\": \"nope\", \"group\": \"/Partners\"}]}");
        // every reference before the boundary
        refused(
                400,
                "unknown_identity_provider",
                "Field 'pendingApproval.identityProviders': identity provider 'nope' does not exist.",
                "{\"gatewayRoles\": [\"researcher\"], \"pendingApproval\": {\"identityProviders\": [\"nope\"]}}");
        refused(
                400,
                "invalid_type",
                "Field 'adminClientScopeRequired' must be true or false.",
                "{\"gatewayRoles\": [\"researcher\"], \"adminClientScopeRequired\": \"no\"}");
        // gateway roles before the groups, system groups before the mapping targets
        refused(
                400,
                "invalid_gateway_role",
                "Field 'gatewayRoles': role 'researcher' is a client role; a gateway role must be a realm"
                        + " role whose composites are only other gateway roles.",
                "{\"gatewayGroups\": {\"users\": \"/Partners\"}, \"gatewayRoles\": [\"researcher\"]}");
        realm.privileged("g-physics", "researcher");
        refused(
                403,
                "privileged_group",
                "Group '/Partners' gives its members role 'researcher', which is not a gateway role: only"
                        + " Keycloak admins, through Keycloak's admin console or admin API, may make a gateway group of it.",
                "{\"gatewayGroups\": {\"users\": \"/Partners\"}, \"roleMappings\": [{\"role\": \"admin\", \"group\": \"/Science/Physics\"}]}");
        // mapping targets in order, role mappings first
        refused(
                403,
                "privileged_group",
                "Group '/Science/Physics' gives its members role 'researcher', which is not a gateway role: only"
                        + " Keycloak admins, through Keycloak's admin console or admin API, may map to it.",
                "{\"identityProviderMappings\": [{\"identityProvider\": \"partner-idp\", \"group\": \"/Partners\"}],"
                        + " \"roleMappings\": [{\"role\": \"admin\", \"group\": \"/Science/Physics\"}]}");
    }

    // --- helpers ---

    private GatewayConfigValidator validator() {
        return new GatewayConfigValidator(realm);
    }

    private GatewayConfigParser.Parsed validate(String json) {
        return validate(json, false);
    }

    private GatewayConfigParser.Parsed validate(String json, boolean clientScopeInForce) {
        return validator().validate(Json.object(json), CURRENT, clientScopeInForce);
    }

    private void refused(int status, String code, String message, String json) {
        GatewayAccessException e = assertThrows(GatewayAccessException.class, () -> validate(json), json);
        assertEquals(message, e.getMessage(), json);
        assertEquals(code, e.code(), json);
        assertEquals(status, e.status(), json);
    }

    /** A realm held in a few maps; what is not put in does not exist, and every group and role is inside the boundary. */
    private static final class FakeRealm implements GatewayConfigValidator.RealmFacts {

        private final Set<String> roles = new HashSet<>();
        private final Map<String, String> idsByPath = new HashMap<>();
        private final Map<String, String> pathsById = new HashMap<>();
        private final Set<String> identityProviders = new HashSet<>();
        private final Set<List<String>> grants = new HashSet<>();
        private final Map<String, String> outside = new HashMap<>();
        private final Map<String, String> privileged = new HashMap<>();
        private Set<String> askedAllowed = Set.of();

        FakeRealm roles(String... names) {
            Collections.addAll(roles, names);
            return this;
        }

        FakeRealm group(String path, String id) {
            idsByPath.put(path, id);
            pathsById.put(id, path);
            return this;
        }

        FakeRealm identityProviders(String... aliases) {
            Collections.addAll(identityProviders, aliases);
            return this;
        }

        /** Membership of the group already grants the role. */
        FakeRealm grants(String groupId, String role) {
            grants.add(List.of(groupId, role));
            return this;
        }

        /** The role is outside the gateway roles, for the reason given. */
        FakeRealm outside(String role, String why) {
            outside.put(role, why);
            return this;
        }

        /** The group gives its members that role, which is not a gateway role. */
        FakeRealm privileged(String groupId, String role) {
            privileged.put(groupId, role);
            return this;
        }

        @Override
        public boolean roleExists(String name) {
            return roles.contains(name);
        }

        @Override
        public String groupIdAt(String path) {
            return idsByPath.get(path);
        }

        @Override
        public boolean identityProviderExists(String alias) {
            return identityProviders.contains(alias);
        }

        @Override
        public String groupPath(String groupId) {
            return pathsById.get(groupId);
        }

        @Override
        public boolean groupGrantsRole(String groupId, String role) {
            return grants.contains(List.of(groupId, role));
        }

        @Override
        public Optional<String> outsideGatewayRoles(String role, Set<String> gatewayRoles) {
            askedAllowed = gatewayRoles;
            return Optional.ofNullable(outside.get(role));
        }

        @Override
        public Optional<String> privilegeOf(String groupId, List<String> gatewayRoles) {
            return pathsById.containsKey(groupId) ? Optional.ofNullable(privileged.get(groupId)) : Optional.empty();
        }
    }
}
