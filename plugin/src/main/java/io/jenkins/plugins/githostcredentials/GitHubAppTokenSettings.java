package io.jenkins.plugins.githostcredentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.githostcredentials.core.github.TokenCacheSettings;
import java.time.Duration;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins &gt; System &gt; "GitHub App tokens (Git Host Credentials)": how long a GitHub App token nobody uses
 * any more is kept before it is revoked. Back-to-back builds within that time share one token (one mint, one
 * revocation) instead of minting and revoking each; every token is still revoked that long after its last use.
 */
@Extension
@Symbol("gitHubAppTokens")
public final class GitHubAppTokenSettings extends GlobalConfiguration {

    private int revocationDelaySeconds = (int) TokenCacheSettings.DEFAULT_LINGER.toSeconds();

    public GitHubAppTokenSettings() {
        load();
    }

    /** A value out of range typed in the form is reported on the field, not as an error page. */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        try {
            return super.configure(req, json);
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), e, "revocationDelaySeconds");
        }
    }

    @NonNull
    public static GitHubAppTokenSettings get() {
        return ExtensionList.lookupSingleton(GitHubAppTokenSettings.class);
    }

    public int getRevocationDelaySeconds() {
        return revocationDelaySeconds;
    }

    /**
     * @throws IllegalArgumentException outside what core accepts (0 to 10 minutes), saying so
     */
    @DataBoundSetter
    public void setRevocationDelaySeconds(int revocationDelaySeconds) {
        TokenCacheSettings accepted = cacheSettings(revocationDelaySeconds);
        this.revocationDelaySeconds = (int) accepted.linger().toSeconds();
        save();
    }

    /**
     * The GitHub App token cache's settings with this delay; core's default delay when the saved one is out of range
     * (a hand-edited file), so a bad value cannot stop every GitHub App credential from working.
     */
    @NonNull
    TokenCacheSettings cacheSettings() {
        try {
            return cacheSettings(revocationDelaySeconds);
        } catch (IllegalArgumentException e) {
            return TokenCacheSettings.defaults();
        }
    }

    private static TokenCacheSettings cacheSettings(int delaySeconds) {
        return TokenCacheSettings.defaults().withLinger(Duration.ofSeconds(delaySeconds));
    }

    @POST
    @Restricted(NoExternalUse.class)
    public FormValidation doCheckRevocationDelaySeconds(@QueryParameter String value) {
        if (!Jenkins.get().hasPermission(Jenkins.MANAGE)) {
            return FormValidation.ok();
        }
        int seconds;
        try {
            seconds = Integer.parseInt(Util.fixNull(value).strip());
        } catch (NumberFormatException e) {
            return FormValidation.error(Messages.GitHubAppTokenSettings_notSeconds());
        }
        try {
            TokenCacheSettings accepted = cacheSettings(seconds);
            return FormValidation.ok(Messages.GitHubAppTokenSettings_revokedAfter(accepted.linger().toSeconds()));
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }
}
