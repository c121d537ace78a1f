package org.gatewayaccess.keycloak.sync;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.remoting.transport.Address;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Which Keycloak node runs a job, and whether that node is still alive. A job's work lives only
 * in the memory of the node that started it: when that node dies (kill -9, out of memory, power)
 * nothing will ever finish the job's row. The node's name is Keycloak's own
 * ({@link InfinispanConnectionProvider#getNodeInfo()}: the {@code node-name} option, else the
 * cluster transport's name, else a random name per process), and a node is alive while it is a
 * member of the cluster's current view — or, in a Keycloak without a cluster ({@code --cache=local}),
 * while it is this very process: a restarted process has a new name, so its predecessor's jobs are
 * recognised as orphans.
 */
final class JobNodes {

    /** Null on a server without an Infinispan connection provider: this process is then the only node. */
    private final InfinispanConnectionProvider infinispan;

    private JobNodes(InfinispanConnectionProvider infinispan) {
        this.infinispan = infinispan;
    }

    static JobNodes of(KeycloakSession session) {
        return new JobNodes(session.getProvider(InfinispanConnectionProvider.class));
    }

    /** This process's node name, as recorded in the jobs it starts. */
    String thisNode() {
        return infinispan != null ? infinispan.getNodeInfo().nodeName() : "local";
    }

    /** The names of the nodes alive now: the cluster view's members, or this node alone without a cluster. */
    Set<String> alive() {
        if (infinispan == null) {
            return Set.of(thisNode());
        }
        EmbeddedCacheManager manager = infinispan
                .getCache(InfinispanConnectionProvider.WORK_CACHE_NAME)
                .getCacheManager();
        List<Address> members = manager.getMembers();
        if (members == null || members.isEmpty()) {
            return Set.of(thisNode());
        }
        // An Address prints as its JGroups logical name, which is the node name.
        return members.stream().map(Address::toString).collect(Collectors.toSet());
    }
}
