package io.jenkins.plugins.githostcredentials.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.githostcredentials.GitHostCredentials;
import io.jenkins.plugins.githostcredentials.GitHostService;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.session.PreflightFailedException;
import io.jenkins.plugins.githostcredentials.core.session.SessionEnvironment;
import io.jenkins.plugins.githostcredentials.core.session.SessionRequest;
import io.jenkins.plugins.githostcredentials.core.session.SessionVariables;
import io.jenkins.plugins.githostcredentials.core.session.TokenSession;
import io.jenkins.plugins.githostcredentials.core.session.TokenSource;
import io.jenkins.plugins.githostcredentials.health.ExpiryNotice;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.credentialsbinding.BindingDescriptor;
import org.jenkinsci.plugins.credentialsbinding.MultiBinding;
import org.jenkinsci.plugins.credentialsbinding.impl.CredentialNotFoundException;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code withCredentials([gitHostToken(credentialsId: 'x', tokenVariable: 'T', usernameVariable: 'U')]) { ... }}: the
 * same variables and git configuration as {@code withGitHostCredentials}, for pipelines that already use
 * {@code withCredentials}. credentials-binding masks the values and calls the unbinder when the block ends, which
 * releases a GitHub App token (and so revokes it, by default).
 *
 * <p>Unlike the step, the values are fixed when the block starts: a GitHub App token is not renewed (it is handed out
 * with at least 45 minutes to live), and git's configuration is appended to the build's environment, not to one an
 * enclosing block set. For long blocks, narrowing or a preflight, use {@code withGitHostCredentials}.
 */
public final class GitHostTokenBinding extends MultiBinding<GitHostCredentials> {

    static final String SYMBOL = "gitHostToken";

    private String tokenVariable;
    private String usernameVariable;

    @DataBoundConstructor
    public GitHostTokenBinding(String credentialsId) {
        super(credentialsId);
    }

    @CheckForNull
    public String getTokenVariable() {
        return tokenVariable;
    }

    @DataBoundSetter
    public void setTokenVariable(@CheckForNull String tokenVariable) {
        this.tokenVariable = Util.fixEmptyAndTrim(tokenVariable);
    }

    @CheckForNull
    public String getUsernameVariable() {
        return usernameVariable;
    }

    @DataBoundSetter
    public void setUsernameVariable(@CheckForNull String usernameVariable) {
        this.usernameVariable = Util.fixEmptyAndTrim(usernameVariable);
    }

    @Override
    protected Class<GitHostCredentials> type() {
        return GitHostCredentials.class;
    }

    @Override
    public MultiEnvironment bind(@NonNull Run<?, ?> build, @CheckForNull FilePath workspace,
            @CheckForNull Launcher launcher, @NonNull TaskListener listener) throws IOException, InterruptedException {
        GitHostCredentials credentials = getCredentials(build);
        TokenSession session;
        try {
            TokenSource source = credentials.tokenSource();
            session = GitHostService.get().sessions().open(source, request(), GitHostService.MINT_WAIT);
        } catch (IllegalArgumentException | GitHubAppException e) {
            throw new AbortException(Messages.WithGitHostCredentialsStep_cannotUse(getCredentialsId(), e.getMessage()));
        } catch (PreflightFailedException e) {
            throw new IllegalStateException("a binding asks for no preflight", e);
        }
        try {
            SessionEnvironment environment = session.environment(build.getEnvironment(listener));
            Map<String, String> secretValues = new LinkedHashMap<>();
            Map<String, String> publicValues = new LinkedHashMap<>();
            environment.variables().forEach((name, value) ->
                    (environment.secretVariableNames().contains(name) ? secretValues : publicValues).put(name, value));
            GitHostCredentialsAction.of(build).record(SYMBOL, getCredentialsId(), session);
            ExpiryNotice.print(listener, build, getCredentialsId(), session);
            return new MultiEnvironment(secretValues, publicValues, new Release(session.id()));
        } catch (IOException | InterruptedException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The token variable and the host tools' token variables; git's helper variables are named when bound. */
    @Override
    public Set<String> variables(@NonNull Run<?, ?> build) throws CredentialNotFoundException {
        Set<String> names = new LinkedHashSet<>();
        names.add(request().tokenVariable());
        try {
            names.addAll(SessionVariables.toolTokenVariables(getCredentials(build).tokenSource().endpoint()));
        } catch (IllegalArgumentException e) {
            throw new CredentialNotFoundException(e.getMessage());
        }
        return names;
    }

    private SessionRequest request() {
        return new SessionRequest(List.of(), Map.of(), List.of(), tokenVariable, usernameVariable);
    }

    /** Releases the block's session when it ends; holds only the session's ID. */
    private static final class Release implements Unbinder {

        private static final long serialVersionUID = 1L;

        private final String sessionId;

        Release(String sessionId) {
            this.sessionId = sessionId;
        }

        @Override
        public void unbind(@NonNull Run<?, ?> build, @CheckForNull FilePath workspace, @CheckForNull Launcher launcher,
                @NonNull TaskListener listener) {
            GitHostService.get().findSession(sessionId).ifPresent(TokenSession::close);
            GitHostCredentialsAction.Use use = GitHostCredentialsAction.of(build).forSession(sessionId);
            if (use != null) {
                use.setOutcome(Messages.GitHostCredentialsAction_released());
            }
        }
    }

    @Symbol(SYMBOL)
    @Extension
    public static final class DescriptorImpl extends BindingDescriptor<GitHostCredentials> {

        @Override
        protected Class<GitHostCredentials> type() {
            return GitHostCredentials.class;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.GitHostTokenBinding_displayName();
        }

        @Override
        public boolean requiresWorkspace() {
            return false;
        }
    }
}
