package org.gatewayaccess.keycloak.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.gatewayaccess.keycloak.config.GatewayConfig.IdentityProviderMapping;
import org.junit.jupiter.api.Test;

/** What the per-user reconcilers take away: only their own kind of source, only when it is no longer wanted. */
class SourceDiffTest {

    @Test
    void aRoleSourceNoLongerWantedGoesAndOtherWritersSourcesStay() {
        List<String> held =
                List.of("admin", "role:researcher", "seed", "migration", "identity-provider:corp", "role:lab");
        Set<String> wanted = Set.of(SourceDiff.key("g1", "role:lab"));
        assertEquals(List.of("role:researcher"), SourceDiff.staleRoleSources("g1", held, wanted));
    }

    @Test
    void aRoleSourceWantedInAnotherGroupIsStaleHere() {
        // role:lab is wanted in g2 (its mapping moved there): the g1 source goes
        assertEquals(
                List.of("role:lab"),
                SourceDiff.staleRoleSources("g1", List.of("role:lab"), Set.of(SourceDiff.key("g2", "role:lab"))));
    }

    @Test
    void everyRoleSourceGoesWhenNothingIsWantedInTheGivenOrder() {
        assertEquals(
                List.of("role:b", "role:a"),
                SourceDiff.staleRoleSources("g1", List.of("role:b", "admin", "role:a"), Set.of()));
        assertEquals(List.of(), SourceDiff.staleRoleSources("g1", List.of(), Set.of()));
    }

    @Test
    void aSourceMerelyContainingRoleIsNotARoleSource() {
        // an identity-provider alias may be called anything, "role:x" included: it is the link's source, not a role's
        assertEquals(
                List.of(), SourceDiff.staleRoleSources("g1", List.of("identity-provider:role:x", "admin"), Set.of()));
    }

    @Test
    void keysKeepGroupAndSourceApart() {
        // without a separator "g1" + "0role:x" and "g10" + "role:x" would be the same key
        assertEquals(
                List.of("role:x"), SourceDiff.staleRoleSources("g10", List.of("role:x"), Set.of("g1" + "0role:x")));
    }

    @Test
    void aLinkedUserIsWantedInEveryGroupMappedToThatProviderAndNoOther() {
        List<IdentityProviderMapping> mappings = List.of(
                new IdentityProviderMapping("corp", "g1"),
                new IdentityProviderMapping("partner", "g2"),
                new IdentityProviderMapping("corp", "g3"),
                new IdentityProviderMapping("corp", "g1"));
        assertEquals(List.of("g1", "g3"), List.copyOf(SourceDiff.linkedGroups(mappings, "corp", true)));
        assertEquals(Set.of(), SourceDiff.linkedGroups(mappings, "corp", false));
        assertEquals(Set.of(), SourceDiff.linkedGroups(mappings, "other", true));
    }

    @Test
    void anUnlinkedUsersLinkSourcesGoOnlyInTheGatewaysGroups() {
        Set<String> gatewayGroups = Set.of("g1", "g2");
        assertEquals(
                List.of("g1", "g2"),
                SourceDiff.staleLinkGroups(List.of("g1", "gone", "g2"), Set.of(), gatewayGroups::contains));
    }

    @Test
    void aStillMappedGroupKeepsTheLinkSourceAndAnUnmappedOneLosesIt() {
        Set<String> gatewayGroups = Set.of("g1", "g2", "g3");
        assertEquals(
                List.of("g2"),
                SourceDiff.staleLinkGroups(List.of("g1", "g2"), Set.of("g1", "g3"), gatewayGroups::contains));
        assertEquals(List.of(), SourceDiff.staleLinkGroups(List.of(), Set.of("g1"), gatewayGroups::contains));
    }
}
