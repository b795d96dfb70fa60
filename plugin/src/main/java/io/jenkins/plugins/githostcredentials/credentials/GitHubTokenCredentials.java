package io.jenkins.plugins.githostcredentials.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Descriptor.FormException;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.core.host.HostCatalog;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * A GitHub personal access token, classic ({@code ghp_}) or fine-grained ({@code github_pat_}), for github.com or a
 * GitHub Enterprise Server.
 */
public final class GitHubTokenCredentials extends StoredTokenCredentials {

    private static final long serialVersionUID = 1L;

    /**
     * @param serverUrl blank for github.com, else the GitHub Enterprise Server URL (or its API URL)
     */
    @DataBoundConstructor
    public GitHubTokenCredentials(
            @CheckForNull CredentialsScope scope,
            @CheckForNull String id,
            @CheckForNull String description,
            @CheckForNull String serverUrl,
            @CheckForNull Secret token)
            throws FormException {
        super(scope, id, description, serverUrl, token);
        checkConfiguration();
    }

    /**
     * github.com when {@code serverUrl} is blank or names github.com, else a GitHub Enterprise Server. The form has
     * one URL field for both, so the choice of host kind is made here, by asking core for github.com first.
     *
     * @throws IllegalArgumentException with core's message for GitHub Enterprise Server when neither fits
     */
    @NonNull
    static HostEndpoint resolveGitHub(@CheckForNull String serverUrl) {
        if (Util.fixEmptyAndTrim(serverUrl) == null) {
            return HostCatalog.resolve(HostKind.GITHUB, null);
        }
        try {
            return HostCatalog.resolve(HostKind.GITHUB, serverUrl);
        } catch (IllegalArgumentException notGitHubDotCom) {
            return HostCatalog.resolve(HostKind.GITHUB_ENTERPRISE, serverUrl);
        }
    }

    @NonNull
    @Override
    public HostEndpoint endpoint() {
        return resolveGitHub(getServerUrl());
    }

    @NonNull
    @Override
    protected HostKind hostKind() {
        return endpoint().kind();
    }

    @Extension
    @Symbol("gitHubToken")
    public static final class DescriptorImpl extends StoredTokenDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.GitHubTokenCredentials_displayName();
        }

        /** github.com and GitHub Enterprise Server tokens share their formats. */
        @NonNull
        @Override
        protected HostKind checkedHostKind() {
            return HostKind.GITHUB;
        }

        @NonNull
        @Override
        protected HostEndpoint resolve(@CheckForNull String serverUrl) {
            return resolveGitHub(serverUrl);
        }

        @NonNull
        @Override
        protected StoredTokenCredentials fromForm(@NonNull FormValues form) throws FormException {
            return new GitHubTokenCredentials(CredentialsScope.GLOBAL, null, null, form.serverUrl(), form.token());
        }
    }
}
