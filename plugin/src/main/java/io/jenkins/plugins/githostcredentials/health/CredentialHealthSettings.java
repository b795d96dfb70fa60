package io.jenkins.plugins.githostcredentials.health;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import io.jenkins.plugins.githostcredentials.core.health.HealthSettings;
import java.time.Duration;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The periodic credential health check's settings, in Manage Jenkins &gt; System and in configuration as code
 * ({@code unclassified: gitHostCredentialHealth: ...}).
 */
@Extension
@Symbol("gitHostCredentialHealth")
public final class CredentialHealthSettings extends GlobalConfiguration {

    static final int DEFAULT_CHECK_INTERVAL_HOURS = 12;

    private boolean checkEnabled = true;
    private int checkIntervalHours = DEFAULT_CHECK_INTERVAL_HOURS;
    private int expiryWarningDays = HealthSettings.DEFAULT_EXPIRY_WARNING_DAYS;

    public CredentialHealthSettings() {
        load();
    }

    @NonNull
    public static CredentialHealthSettings get() {
        return ExtensionList.lookupSingleton(CredentialHealthSettings.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return Messages.CredentialHealthSettings_displayName();
    }

    public boolean isCheckEnabled() {
        return checkEnabled;
    }

    @DataBoundSetter
    public void setCheckEnabled(boolean checkEnabled) {
        this.checkEnabled = checkEnabled;
        save();
    }

    public int getCheckIntervalHours() {
        return checkIntervalHours;
    }

    /** @throws IllegalArgumentException outside 1 to 168 hours (a week), saying so */
    @DataBoundSetter
    public void setCheckIntervalHours(int checkIntervalHours) {
        requireInterval(checkIntervalHours);
        this.checkIntervalHours = checkIntervalHours;
        save();
    }

    private static void requireInterval(int hours) {
        if (hours < 1 || hours > 168) {
            throw new IllegalArgumentException(Messages.CredentialHealthSettings_badInterval(hours));
        }
    }

    public int getExpiryWarningDays() {
        return expiryWarningDays;
    }

    /** @throws IllegalArgumentException outside what core accepts (0 to 366 days), with core's message */
    @DataBoundSetter
    public void setExpiryWarningDays(int expiryWarningDays) {
        this.expiryWarningDays =
                HealthSettings.defaults().withExpiryWarningDays(expiryWarningDays).expiryWarningDays();
        save();
    }

    /** The settings in core's terms. */
    @NonNull
    HealthSettings toHealthSettings() {
        return HealthSettings.defaults().withExpiryWarningDays(expiryWarningDays);
    }

    @NonNull
    Duration checkInterval() {
        return Duration.ofHours(checkIntervalHours);
    }

    /** Binds field by field, so a wrong value is reported on its own field with a message that says what fits. */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        int hours = number(json, "checkIntervalHours");
        int days = number(json, "expiryWarningDays");
        // check both before changing either, so that a wrong value saves nothing
        try {
            requireInterval(hours);
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), "checkIntervalHours");
        }
        try {
            HealthSettings.defaults().withExpiryWarningDays(days);
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), "expiryWarningDays");
        }
        setCheckIntervalHours(hours);
        setExpiryWarningDays(days);
        setCheckEnabled(json.optBoolean("checkEnabled"));
        return true;
    }

    private static int number(JSONObject json, String field) throws FormException {
        String text = json.optString(field).strip();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new FormException(Messages.CredentialHealthSettings_notANumber(text), field);
        }
    }
}
