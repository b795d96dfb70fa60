package io.jenkins.plugins.githostcredentials.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Action;
import hudson.model.Run;
import hudson.util.CopyOnWriteList;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import io.jenkins.plugins.githostcredentials.core.session.MintedToken;
import io.jenkins.plugins.githostcredentials.core.session.SessionRequest;
import io.jenkins.plugins.githostcredentials.core.session.TokenSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The build's record of every use of a git host credential by {@code withGitHostCredentials} or the
 * {@code gitHostToken} binding: which credential, which host and token kind, what the block asked a GitHub App for and
 * what was minted for it (repositories, permissions, expiry), and what the preflight found. Shown on the build page;
 * saved with the build. Never a secret.
 */
public final class GitHostCredentialsAction implements Action {

    private final CopyOnWriteList<Use> uses = new CopyOnWriteList<>();

    /** The run's action, added to it if it has none yet. */
    @NonNull
    static GitHostCredentialsAction of(@NonNull Run<?, ?> run) {
        synchronized (run) {
            GitHostCredentialsAction action = run.getAction(GitHostCredentialsAction.class);
            if (action == null) {
                action = new GitHostCredentialsAction();
                run.addAction(action);
            }
            return action;
        }
    }

    /** Records a session that opened; keep the returned use to add what happens later. */
    @NonNull
    Use record(@NonNull String step, @NonNull String credentialsId, @NonNull TokenSession session) {
        Use use = new Use(step, credentialsId, session.endpoint().kind().displayName(), session.endpoint().serverUrl(),
                session.tokenKind().displayName());
        use.setSessionId(session.id());
        if (session.renewsToken()) {
            use.setRequested(session.request());
        }
        session.mintedTokens().forEach(use::addMinted);
        if (!session.preflightReports().isEmpty()) {
            use.setPreflight(session.preflightReports());
        }
        uses.add(use);
        return use;
    }

    /** Records a block that never ran because its preflight failed. */
    void recordFailedPreflight(
            @NonNull String step, @NonNull String credentialsId, @NonNull List<InspectionReport> reports) {
        InspectionReport report = reports.get(0);
        Use use = new Use(step, credentialsId, report.host().displayName(), report.serverUrl(),
                report.tokenKind() == null ? "" : report.tokenKind().displayName());
        use.setPreflight(reports);
        use.setOutcome(Messages.GitHostCredentialsAction_notRun());
        uses.add(use);
    }

    /** The use recorded for this session, if any. */
    @CheckForNull
    Use forSession(@NonNull String sessionId) {
        for (Use use : uses) {
            if (sessionId.equals(use.sessionId)) {
                return use;
            }
        }
        return null;
    }

    public List<Use> getUses() {
        return uses.getView();
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.GitHostCredentialsAction_displayName();
    }

    @Override
    public String getUrlName() {
        return null;
    }


    /** One use of a credential in the build. */
    public static final class Use {
        private final String step;
        private final String credentialsId;
        private final String host;
        private final String serverUrl;
        private final String tokenKind;
        private final long startedAt = System.currentTimeMillis();
        private final CopyOnWriteList<Minted> minted = new CopyOnWriteList<>();
        private String sessionId;
        /**
         * What a GitHub App block asked for: "" when it asked for none (the credential's defaults apply), null when not
         * recorded (a stored token, which is not narrowed, or a build recorded before this field existed).
         */
        private String requestedRepositories;
        private String requestedPermissions;
        private String preflight;
        private boolean preflightPassed;
        private String outcome;

        Use(String step, String credentialsId, String host, String serverUrl, String tokenKind) {
            this.step = step;
            this.credentialsId = credentialsId;
            this.host = host;
            this.serverUrl = serverUrl;
            this.tokenKind = tokenKind;
        }

        void setSessionId(String sessionId) {
            this.sessionId = sessionId;
        }

        void setRequested(SessionRequest request) {
            requestedRepositories = String.join(", ", request.repositories());
            requestedPermissions = describe(request.permissions());
        }

        void addMinted(MintedToken token) {
            minted.add(new Minted(token));
        }

        /** One summary per repository the block works on; passed only if every one passed. */
        synchronized void setPreflight(List<InspectionReport> reports) {
            this.preflight = reports.stream().map(InspectionReport::summary).collect(Collectors.joining("; "));
            this.preflightPassed = reports.stream().allMatch(InspectionReport::passed);
        }

        synchronized void setOutcome(String outcome) {
            this.outcome = outcome;
        }

        /** {@code withGitHostCredentials} or {@code gitHostToken}. */
        public String getStep() {
            return step;
        }

        public String getCredentialsId() {
            return credentialsId;
        }

        public String getHost() {
            return host;
        }

        public String getServerUrl() {
            return serverUrl;
        }

        public String getTokenKind() {
            return tokenKind;
        }

        /** The repositories the block asked for, "the credential's defaults", or null when not recorded. */
        @CheckForNull
        public String getRequestedRepositories() {
            return orDefaults(requestedRepositories);
        }

        /** "contents: read, statuses: write", "the credential's defaults", or null when not recorded. */
        @CheckForNull
        public String getRequestedPermissions() {
            return orDefaults(requestedPermissions);
        }

        @CheckForNull
        private static String orDefaults(@CheckForNull String requested) {
            return requested != null && requested.isEmpty() ? Messages.GitHostCredentialsAction_credentialDefaults()
                    : requested;
        }

        public Instant getStartedAt() {
            return Instant.ofEpochMilli(startedAt);
        }

        /** Each token minted for this use, oldest first (a long block gets a fresh one before the last expires). */
        public List<Minted> getMinted() {
            return minted.getView();
        }

        /** The preflight's one-line summary, or null when the block asked for none. */
        @CheckForNull
        public synchronized String getPreflight() {
            return preflight;
        }

        public synchronized boolean isPreflightPassed() {
            return preflightPassed;
        }

        /** How the use ended ("token released and revoked", "did not run: preflight failed"), or null while running. */
        @CheckForNull
        public synchronized String getOutcome() {
            return outcome;
        }
    }

    /** "contents: read, statuses: write", sorted by name. */
    private static String describe(Map<String, String> permissions) {
        List<String> shown = new ArrayList<>();
        for (Map.Entry<String, String> permission : new TreeMap<>(permissions).entrySet()) {
            shown.add(permission.getKey() + ": " + permission.getValue());
        }
        return String.join(", ", shown);
    }

    /** What one minted installation token was granted. */
    public static final class Minted {
        private final long installationId;
        private final String repositorySelection;
        private final ArrayList<String> repositories;
        private final TreeMap<String, String> permissions;
        private final long expiresAt;

        Minted(MintedToken token) {
            this.installationId = token.installationId();
            this.repositorySelection = token.repositorySelection();
            this.repositories = new ArrayList<>(token.repositories());
            this.permissions = new TreeMap<>(token.permissions());
            this.expiresAt = token.expiresAt().toEpochMilli();
        }

        public long getInstallationId() {
            return installationId;
        }

        /** "all" or the repositories the token was narrowed to. */
        public String getRepositories() {
            return repositories.isEmpty() ? repositorySelection : String.join(", ", repositories);
        }

        /** "contents: read, statuses: write". */
        public String getPermissions() {
            return describe(permissions);
        }

        public Instant getExpiresAt() {
            return Instant.ofEpochMilli(expiresAt);
        }
    }
}
