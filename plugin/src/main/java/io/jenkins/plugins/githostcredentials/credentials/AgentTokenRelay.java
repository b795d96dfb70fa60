package io.jenkins.plugins.githostcredentials.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.remoting.Channel;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets an agent ask the controller for a GitHub App credential's token without ever holding the key. When the
 * credential is sent to an agent, the agent gets an unguessable handle instead; the controller honours the handle only
 * from the channel it was sent over, and only while that credential object is still in use on the controller (an
 * edited or deleted credential stops answering).
 */
final class AgentTokenRelay {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int HANDLE_BYTES = 32;

    /** Guarded by the class. Weak, so a replaced credential or a closed channel frees its entry. */
    private static final Map<String, Grant> GRANTS = new HashMap<>();

    private AgentTokenRelay() {}

    /** The handle an agent on {@code channel} uses to ask for {@code credentials}' token; one per pair. */
    @NonNull
    static synchronized String grant(@NonNull GitHubAppKeyCredentials credentials, @NonNull Channel channel) {
        GRANTS.values().removeIf(Grant::isStale);
        for (Map.Entry<String, Grant> entry : GRANTS.entrySet()) {
            if (entry.getValue().isFor(credentials, channel)) {
                return entry.getKey();
            }
        }
        byte[] bytes = new byte[HANDLE_BYTES];
        RANDOM.nextBytes(bytes);
        String handle = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        GRANTS.put(handle, new Grant(new WeakReference<>(credentials), new WeakReference<>(channel)));
        return handle;
    }

    /**
     * The credential behind {@code handle}, if {@code caller} is the channel it was granted to.
     *
     * @throws IOException when the handle is unknown, no longer valid, or presented over another channel
     */
    @NonNull
    static synchronized GitHubAppKeyCredentials redeem(@CheckForNull String handle, @CheckForNull Channel caller)
            throws IOException {
        Grant grant = handle == null ? null : GRANTS.get(handle);
        if (grant == null || caller == null || grant.channel().get() != caller) {
            throw new IOException(Messages.GitHubAppKeyCredentials_agentHandleUnknown());
        }
        GitHubAppKeyCredentials credentials = grant.credentials().get();
        if (credentials == null) {
            throw new IOException(Messages.GitHubAppKeyCredentials_agentHandleUnknown());
        }
        return credentials;
    }

    /** How many handles are held, for tests. */
    static synchronized int size() {
        return GRANTS.size();
    }

    private record Grant(WeakReference<GitHubAppKeyCredentials> credentials, WeakReference<Channel> channel) {
        boolean isFor(GitHubAppKeyCredentials wanted, Channel over) {
            return credentials.get() == wanted && channel.get() == over;
        }

        boolean isStale() {
            return credentials.get() == null || channel.get() == null;
        }
    }
}
