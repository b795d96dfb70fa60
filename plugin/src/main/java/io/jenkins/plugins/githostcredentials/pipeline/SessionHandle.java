package io.jenkins.plugins.githostcredentials.pipeline;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.githostcredentials.GitHostCredentials;
import io.jenkins.plugins.githostcredentials.GitHostService;
import io.jenkins.plugins.githostcredentials.core.session.SessionRequest;
import io.jenkins.plugins.githostcredentials.core.session.TokenSession;
import io.jenkins.plugins.githostcredentials.core.session.TokenSource;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What serialized pipeline state keeps of a running block: the ID of its session in the controller's memory and what
 * is needed to open it again after a restart. Never a token: the tokens live only in the controller's
 * {@link TokenSession}, and the token file (if any) only in the build's temporary directory on the agent.
 */
final class SessionHandle implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String sessionId;
    private final String runId;
    private final String credentialsId;
    private final ArrayList<String> repositories;
    private final LinkedHashMap<String, String> permissions;
    private final String tokenVariable;
    private final String usernameVariable;
    /** The token file's path as the block's git reads it (forward slashes on Windows), or null. */
    private final String tokenFileForGit;

    SessionHandle(@NonNull String sessionId, @NonNull Run<?, ?> run, @NonNull String credentialsId,
            @NonNull SessionRequest request, @CheckForNull String tokenFileForGit) {
        this.sessionId = sessionId;
        this.runId = run.getExternalizableId();
        this.credentialsId = credentialsId;
        this.repositories = new ArrayList<>(request.repositories());
        this.permissions = new LinkedHashMap<>(request.permissions());
        this.tokenVariable = request.tokenVariable();
        this.usernameVariable = request.usernameVariable();
        this.tokenFileForGit = tokenFileForGit;
    }

    String sessionId() {
        return sessionId;
    }

    String credentialsId() {
        return credentialsId;
    }

    @CheckForNull
    String tokenFileForGit() {
        return tokenFileForGit;
    }

    /** The session if it is open in this controller's memory. */
    Optional<TokenSession> find() {
        return GitHostService.get().findSession(sessionId);
    }

    /**
     * The session, opened again under the same ID if the controller restarted since the block began (sessions live in
     * memory only): a GitHub App mints a new token, narrowed as before; the preflight is not repeated.
     */
    @NonNull
    TokenSession findOrReopen() throws IOException {
        Optional<TokenSession> open = find();
        if (open.isPresent()) {
            return open.get();
        }
        if (ActiveBlocks.get().ended(sessionId)) {
            throw new AbortException(Messages.SessionHandle_ended(credentialsId));
        }
        Run<?, ?> run;
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            run = Run.fromExternalizableId(runId);
        }
        if (run == null) {
            throw new AbortException(Messages.SessionHandle_runGone(credentialsId));
        }
        GitHostCredentials credentials = CredentialsProvider.findCredentialById(credentialsId, GitHostCredentials.class, run);
        if (credentials == null) {
            throw new AbortException(Messages.WithGitHostCredentialsStep_notFound(credentialsId));
        }
        try {
            TokenSource source = credentials.tokenSource();
            return GitHostService.get().sessions().reopen(sessionId, source, request(), GitHostService.MINT_WAIT);
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }

    SessionRequest request() {
        return new SessionRequest(List.copyOf(repositories), Map.copyOf(permissions), List.of(), tokenVariable,
                usernameVariable);
    }
}
