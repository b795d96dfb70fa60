package io.jenkins.plugins.githostcredentials.pipeline;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.console.ConsoleLogFilter;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.githostcredentials.GitHostCredentials;
import io.jenkins.plugins.githostcredentials.GitHostService;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.session.PreflightFailedException;
import io.jenkins.plugins.githostcredentials.core.session.SessionEnvironment;
import io.jenkins.plugins.githostcredentials.core.session.SessionRequest;
import io.jenkins.plugins.githostcredentials.core.session.TokenSession;
import io.jenkins.plugins.githostcredentials.core.session.TokenSource;
import io.jenkins.plugins.githostcredentials.health.ExpiryNotice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code withGitHostCredentials(credentialsId: 'x', repositories: [...], permissions: [...], require: [...]) { ... }}:
 * runs its body with a git host credential's token in environment variables and git configured to use it for that
 * host only, every secret masked. For a GitHub App, a token narrowed as asked is minted for the block, kept valid
 * while the block runs, and released (revoked, by default) when the block ends, however it ends.
 */
public final class WithGitHostCredentialsStep extends Step {

    static final String FUNCTION_NAME = "withGitHostCredentials";

    private final String credentialsId;
    private List<String> repositories = List.of();
    private Map<String, String> permissions = Map.of();
    private List<String> require = List.of();
    private String tokenVariable;
    private String usernameVariable;

    @DataBoundConstructor
    public WithGitHostCredentialsStep(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /**
     * The repositories the body works on: the preflight checks each of them, for every credential kind, and a GitHub
     * App token is narrowed to them. Written as the host names repositories; core checks each entry.
     */
    public List<String> getRepositories() {
        return repositories;
    }

    @DataBoundSetter
    public void setRepositories(@CheckForNull List<String> repositories) {
        this.repositories = cleaned(repositories);
    }

    /**
     * GitHub App narrowing only, as {@code name:level} entries ({@code contents:read}). Pipelines may also write a map,
     * {@code permissions: [contents: 'read']}: the descriptor turns it into these entries.
     */
    public List<String> getPermissions() {
        return permissions.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList();
    }

    @DataBoundSetter
    public void setPermissions(@CheckForNull List<String> permissions) {
        this.permissions = parsePermissions(cleaned(permissions));
    }

    /** Capabilities to check, on each of the repositories, before the body runs ({@code checkout}, ...). */
    public List<String> getRequire() {
        return require;
    }

    @DataBoundSetter
    public void setRequire(@CheckForNull List<String> require) {
        this.require = cleaned(require);
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

    /**
     * What core is asked for.
     *
     * @throws IllegalArgumentException naming the variable to rename
     */
    SessionRequest toRequest() {
        return new SessionRequest(repositories, permissions, require, tokenVariable, usernameVariable);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    private static List<String> cleaned(@CheckForNull Collection<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
    }

    /** {@code contents:read}, {@code contents=read} or {@code contents: read}; core checks names and levels. */
    private static Map<String, String> parsePermissions(List<String> entries) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String entry : entries) {
            int separator = indexOfSeparator(entry);
            if (separator <= 0 || separator == entry.length() - 1) {
                throw new IllegalArgumentException(Messages.WithGitHostCredentialsStep_badPermission(entry));
            }
            parsed.put(entry.substring(0, separator).strip(), entry.substring(separator + 1).strip());
        }
        return parsed;
    }

    private static int indexOfSeparator(String entry) {
        int colon = entry.indexOf(':');
        int equals = entry.indexOf('=');
        return colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
    }

    /**
     * Opens the session off the CPS thread (minting and preflight call the host), then runs the body with the
     * session's variables and masking, and closes the session when the body ends.
     *
     * <p>Serialized state holds a {@link SessionHandle} only. After a controller restart the session is opened again
     * (a new token for a GitHub App; see {@link SessionHandle#findOrReopen()}) and the token file is rewritten.
     */
    private static final class Execution extends GeneralNonBlockingStepExecution {

        private static final long serialVersionUID = 1L;

        @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "Only used when starting.")
        private final transient WithGitHostCredentialsStep step;
        private SessionHandle handle;

        Execution(WithGitHostCredentialsStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        public boolean start() {
            run(this::openAndStartBody);
            return false;
        }

        private void openAndStartBody() throws Exception {
            StepContext context = getContext();
            Run<?, ?> run = context.get(Run.class);
            TaskListener listener = context.get(TaskListener.class);
            FilePath workspace = context.get(FilePath.class);
            Launcher launcher = context.get(Launcher.class);
            EnvVars inherited = context.get(EnvVars.class);
            String credentialsId = step.getCredentialsId();
            if (credentialsId == null) {
                throw new AbortException(Messages.WithGitHostCredentialsStep_noCredentialsId());
            }
            GitHostCredentials credentials =
                    CredentialsProvider.findCredentialById(credentialsId, GitHostCredentials.class, run);
            if (credentials == null) {
                throw new AbortException(Messages.WithGitHostCredentialsStep_notFound(credentialsId));
            }
            CredentialsProvider.track(run, credentials);

            SessionRequest request;
            TokenSession session;
            try {
                request = step.toRequest();
                TokenSource source = credentials.tokenSource();
                session = GitHostService.get().sessions().open(source, request, GitHostService.MINT_WAIT);
            } catch (IllegalArgumentException | GitHubAppException e) {
                throw new AbortException(Messages.WithGitHostCredentialsStep_cannotUse(credentialsId, e.getMessage()));
            } catch (PreflightFailedException e) {
                GitHostCredentialsAction.of(run).recordFailedPreflight(FUNCTION_NAME, credentialsId, e.reports());
                throw new AbortException(e.getMessage());
            }
            try {
                GitHostCredentialsAction.of(run).record(FUNCTION_NAME, credentialsId, session);
                boolean unix = launcher == null || launcher.isUnix();
                TokenFile tokenFile = TokenFile.writeFor(session, workspace, unix);
                handle = new SessionHandle(session.id(), run, credentialsId, request,
                        tokenFile == null ? null : tokenFile.pathForGit());
                ActiveBlocks.get().register(session.id(), run, tokenFile);

                SessionEnvironment environment =
                        session.environment(inherited == null ? Map.of() : inherited, handle.tokenFileForGit());
                describe(listener, session, environment.secretVariableNames(), unix, tokenFile != null);
                ExpiryNotice.print(listener, run, credentialsId, session);
                context.newBodyInvoker()
                        .withContexts(
                                EnvironmentExpander.merge(context.get(EnvironmentExpander.class),
                                        new SessionEnvironmentExpander(handle, environment.secretVariableNames())),
                                BodyInvoker.mergeConsoleLogFilters(context.get(ConsoleLogFilter.class),
                                        new SessionMaskingFilter(session.id(), run.getCharset().name())),
                                FailureHandler.merge(context.get(FailureHandler.class),
                                        new SessionFailureHandler(session.id())))
                        .withCallback(new Finish())
                        .start();
            } catch (Exception | Error e) {
                close(session.id(), listener);
                throw e;
            }
        }

        /** What the block gets, in the words users know from credentials-binding; no secret. */
        private static void describe(TaskListener listener, TokenSession session, Set<String> secretVariables,
                boolean unix, boolean tokenFile) {
            listener.getLogger().println("Masking supported pattern matches of " + secretVariables.stream()
                    .map(v -> unix ? "$" + v : "%" + v + "%")
                    .collect(Collectors.joining(" or ")));
            session.mintedTokens().forEach(minted -> listener.getLogger().println(Messages.WithGitHostCredentialsStep_minted(
                    String.valueOf(minted.installationId()),
                    minted.repositories().isEmpty() ? minted.repositorySelection() : String.join(", ", minted.repositories()),
                    minted.permissions().entrySet().stream().map(p -> p.getKey() + ": " + p.getValue())
                            .sorted().collect(Collectors.joining(", ")),
                    minted.expiresAt().toString())));
            if (session.renewsToken() && !tokenFile) {
                listener.getLogger().println(Messages.WithGitHostCredentialsStep_noTokenFile());
            }
            session.preflightReports().forEach(report ->
                    listener.getLogger().println(Messages.WithGitHostCredentialsStep_preflight(report.summary())));
        }

        /** Releases the session (the last release of a GitHub App token revokes it) and deletes the token file. */
        private void close(String sessionId, @CheckForNull TaskListener listener) {
            TokenFile tokenFile = ActiveBlocks.get().unregister(sessionId);
            GitHostService.get().findSession(sessionId).ifPresent(session -> {
                session.close();
                if (listener != null && session.renewsToken()) {
                    listener.getLogger().println(Messages.WithGitHostCredentialsStep_released());
                }
            });
            if (tokenFile != null) {
                try {
                    tokenFile.delete();
                } catch (IOException | InterruptedException e) {
                    LOGGER.log(Level.WARNING, "Could not delete the git token file of session " + sessionId, e);
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }

        private void finish(StepContext context) throws IOException, InterruptedException {
            if (handle == null) {
                return;
            }
            Run<?, ?> run = context.get(Run.class);
            close(handle.sessionId(), context.get(TaskListener.class));
            if (run != null) {
                GitHostCredentialsAction.Use use = GitHostCredentialsAction.of(run).forSession(handle.sessionId());
                if (use != null) {
                    use.setOutcome(Messages.GitHostCredentialsAction_released());
                }
            }
        }

        /** The secrets the block's failure must not show; read before the session is closed. */
        private Set<String> secretsOfSession() {
            return handle == null
                    ? Set.of()
                    : handle.find().map(TokenSession::secretValues).orElse(Set.of());
        }

        /**
         * Aborting may stop this step without the body's callback running here; release the session anyway, off the
         * CPS thread (revoking calls GitHub).
         */
        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            SessionHandle stopped = handle;
            if (stopped != null) {
                Timer.get().submit(() -> close(stopped.sessionId(), null));
            }
            super.stop(cause);
        }

        /** After a controller restart: open the session again and rewrite the token file, off the CPS thread. */
        @Override
        public void onResume() {
            super.onResume();
            SessionHandle resumed = handle;
            if (resumed == null) {
                return;
            }
            run(() -> {
                TokenSession session = resumed.findOrReopen();
                StepContext context = getContext();
                FilePath workspace = context.get(FilePath.class);
                Launcher launcher = context.get(Launcher.class);
                TokenFile tokenFile = resumed.tokenFileForGit() == null
                        ? null
                        : TokenFile.writeFor(session, workspace, launcher == null || launcher.isUnix());
                Run<?, ?> run = context.get(Run.class);
                ActiveBlocks.get().register(resumed.sessionId(), run, tokenFile);
                GitHostCredentialsAction.Use use = GitHostCredentialsAction.of(run).forSession(resumed.sessionId());
                if (use != null) {
                    session.mintedTokens().forEach(use::addMinted);
                }
            });
        }

        /**
         * Closes the session when the body ends, and masks the session's secrets in the failure it reports. Pipeline
         * has already masked the body's failure through {@link SessionFailureHandler}; masking again here is a no-op
         * then, and covers a failure that reaches the step another way.
         */
        private final class Finish extends BodyExecutionCallback {

            private static final long serialVersionUID = 1L;

            @Override
            public void onSuccess(StepContext context, Object result) {
                run(() -> {
                    try {
                        finish(context);
                    } catch (Exception x) {
                        context.onFailure(x);
                        return;
                    }
                    context.onSuccess(result);
                });
            }

            @Override
            public void onFailure(StepContext context, Throwable t) {
                run(() -> {
                    Throwable shown = MaskedFailure.mask(t, secretsOfSession());
                    try {
                        finish(context);
                    } catch (Exception x) {
                        shown.addSuppressed(x);
                    }
                    context.onFailure(shown);
                });
            }
        }
    }

    private static final Logger LOGGER = Logger.getLogger(WithGitHostCredentialsStep.class.getName());

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.WithGitHostCredentialsStep_displayName();
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        /** Accepts {@code permissions: [contents: 'read']} (a Groovy map) as well as a list of entries. */
        @Override
        public Step newInstance(Map<String, Object> arguments) throws Exception {
            Object permissions = arguments.get("permissions");
            if (permissions instanceof Map<?, ?> map) {
                Map<String, Object> normalized = new HashMap<>(arguments);
                List<String> entries = new ArrayList<>();
                map.forEach((name, level) -> entries.add(name + ":" + level));
                normalized.put("permissions", entries);
                return super.newInstance(normalized);
            }
            return super.newInstance(arguments);
        }

        /** The form writes lists one entry per line (or comma-separated); see config.jelly. */
        @Override
        public Step newInstance(StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
            WithGitHostCredentialsStep step = new WithGitHostCredentialsStep(formData.optString("credentialsId"));
            step.setRepositories(splitLines(formData.optString("repositories")));
            try {
                step.setPermissions(splitLines(formData.optString("permissions")));
            } catch (IllegalArgumentException e) {
                throw new FormException(e.getMessage(), "permissions");
            }
            step.setRequire(splitLines(formData.optString("require")));
            step.setTokenVariable(formData.optString("tokenVariable"));
            step.setUsernameVariable(formData.optString("usernameVariable"));
            return step;
        }

        /** For the form: a list as one entry per line. */
        public String asLines(@CheckForNull List<String> values) {
            return values == null ? "" : String.join("\n", values);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            StandardListBoxModel result = new StandardListBoxModel();
            if (item == null) {
                if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                    return result.includeCurrentValue(credentialsId);
                }
                return result.includeEmptyValue()
                        .includeAs(ACL.SYSTEM2, Jenkins.get(), GitHostCredentials.class, List.of())
                        .includeCurrentValue(credentialsId);
            }
            if (!item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
                return result.includeCurrentValue(credentialsId);
            }
            return result.includeEmptyValue()
                    .includeAs(ACL.SYSTEM2, item, GitHostCredentials.class, List.of())
                    .includeCurrentValue(credentialsId);
        }

        static List<String> splitLines(@CheckForNull String text) {
            if (text == null || text.isBlank()) {
                return List.of();
            }
            return Arrays.stream(text.split("[\\r\\n,]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }
}
