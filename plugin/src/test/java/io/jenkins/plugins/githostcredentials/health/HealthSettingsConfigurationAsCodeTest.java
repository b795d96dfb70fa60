package io.jenkins.plugins.githostcredentials.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.RootElementConfigurator;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.model.CNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The health check's settings in configuration as code: imported, exported, and refused when out of range. */
@WithJenkins
class HealthSettingsConfigurationAsCodeTest {

    @Test
    void theSettingsImportAndExport(JenkinsRule r, @TempDir Path dir) throws Exception {
        CredentialHealthSettings settings = CredentialHealthSettings.get();
        assertTrue(settings.isCheckEnabled(), "on by default");
        assertEquals(12, settings.getCheckIntervalHours(), "twice a day by default");
        assertEquals(14, settings.getExpiryWarningDays());

        Path file = dir.resolve("jenkins.yaml");
        Files.writeString(file, """
                unclassified:
                  gitHostCredentialHealth:
                    checkEnabled: false
                    checkIntervalHours: 6
                    expiryWarningDays: 30
                """, StandardCharsets.UTF_8);
        ConfigurationAsCode.get().configure(file.toString());

        assertFalse(settings.isCheckEnabled());
        assertEquals(6, settings.getCheckIntervalHours());
        assertEquals(30, settings.getExpiryWarningDays());
        assertEquals(30, settings.toHealthSettings().expiryWarningDays(), "core judges with the configured period");

        String exported = exportUnclassified();
        assertTrue(exported.contains("gitHostCredentialHealth:"), exported);
        assertTrue(exported.contains("checkEnabled: false"), exported);
        assertTrue(exported.contains("checkIntervalHours: 6"), exported);
        assertTrue(exported.contains("expiryWarningDays: 30"), exported);
    }

    @Test
    void outOfRangeValuesAreRefusedWithWhatFits(JenkinsRule r) {
        CredentialHealthSettings settings = CredentialHealthSettings.get();

        IllegalArgumentException interval = assertThrows(IllegalArgumentException.class,
                () -> settings.setCheckIntervalHours(0));
        assertEquals("Check between every 1 and every 168 hours (a week), not every 0.", interval.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings.setExpiryWarningDays(400));
        assertEquals(12, settings.getCheckIntervalHours(), "unchanged");
        assertEquals(14, settings.getExpiryWarningDays(), "unchanged");
    }

    private static String exportUnclassified() throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        for (RootElementConfigurator root : RootElementConfigurator.all()) {
            if (root.getName().equals("unclassified")) {
                CNode node = root.describe(root.getTargetComponent(context), context);
                return Util.toYamlString(node);
            }
        }
        throw new AssertionError("no unclassified root in configuration-as-code");
    }
}
