package io.jenkins.plugins.githostcredentials;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.RootElementConfigurator;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.model.CNode;

/** What configuration as code exports for one of its root sections, as YAML. */
public final class ConfigurationAsCodeExport {

    private ConfigurationAsCodeExport() {}

    /**
     * The content below a root key such as {@code credentials:} or {@code unclassified:}.
     *
     * @throws AssertionError when configuration as code has no such root
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static String section(String root) throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        for (RootElementConfigurator configurator : RootElementConfigurator.all()) {
            if (configurator.getName().equals(root)) {
                CNode node = configurator.describe(configurator.getTargetComponent(context), context);
                return Util.toYamlString(node);
            }
        }
        throw new AssertionError("configuration as code has no root '" + root + "'");
    }
}
