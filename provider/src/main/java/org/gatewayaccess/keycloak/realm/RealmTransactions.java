package org.gatewayaccess.keycloak.realm;

import java.util.function.Supplier;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakSessionTask;
import org.keycloak.models.KeycloakSessionTaskWithResult;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The one way the extension runs work outside a request: a new Keycloak session and transaction with the realm bound
 * to the session's context ({@code session.getContext().setRealm}), as a request to the realm would have it.
 * <p>
 * Keycloak 26 reads the realm from the context, not from the arguments, in more places than one would guess, and
 * throws without it ({@code IllegalArgumentException} / {@code IllegalStateException: Session not bound to a realm}):
 * <ul>
 *   <li>every user lookup that misses the user cache ({@code UserStorageManager.validateUser} asks the organization
 *       provider whether the user is a read-only organization member: {@code OrganizationProvider.hasOrganizations()}
 *       reads the context's realm) — {@code getUserById}, by username, e-mail, searches; so also
 *       {@code user.leaveGroup}/{@code joinGroup} paths that first look the user up;</li>
 *   <li>{@code UserModel.getGroupsCount()} and every other {@code OrganizationProvider} call;</li>
 *   <li>{@code session.identityProviders()} (and {@code RealmModel}'s identity-provider methods, which delegate to it);</li>
 *   <li>the user profile ({@code DeclarativeUserProfileProvider}: the realm's profile configuration).</li>
 * </ul>
 * A removal the sync made after the user cache had been evicted (it is, after every set-based add) therefore failed,
 * and was retried — and failed — by every later sync (issue 15).
 * <p>
 * When the realm no longer exists the work still runs, with no realm bound (callers handle a missing realm).
 * Realm-less work (timers, cluster listeners) keeps {@link KeycloakModelUtils#runJobInTransaction} directly.
 */
public final class RealmTransactions {

    private RealmTransactions() {}

    /** Runs the work in a new transaction of its own, with realm {@code realmId} bound to the session. */
    public static void run(KeycloakSessionFactory factory, String realmId, KeycloakSessionTask work) {
        runWithResult(factory, realmId, s -> {
            work.run(s);
            return null;
        });
    }

    /** Like {@link #run}, returning the work's result. */
    public static <T> T runWithResult(
            KeycloakSessionFactory factory, String realmId, KeycloakSessionTaskWithResult<T> work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            bind(s, realmId);
            return work.run(s);
        });
    }

    /**
     * Runs the work in the given session with {@code realm} bound, putting the session's realm back afterwards: for
     * work on a realm other than the request's (a realm created or imported through the master realm's admin API).
     */
    public static <T> T onRealm(KeycloakSession session, RealmModel realm, Supplier<T> work) {
        RealmModel previous = session.getContext().getRealm();
        if (previous != null && previous.getId().equals(realm.getId())) {
            return work.get();
        }
        session.getContext().setRealm(realm);
        try {
            return work.get();
        } finally {
            session.getContext().setRealm(previous);
        }
    }

    /** Binds the realm to a session that has none yet; the realm bound, or null if it no longer exists. */
    private static RealmModel bind(KeycloakSession session, String realmId) {
        RealmModel realm = realmId == null ? null : session.realms().getRealm(realmId);
        if (realm != null) {
            session.getContext().setRealm(realm);
        }
        return realm;
    }
}
