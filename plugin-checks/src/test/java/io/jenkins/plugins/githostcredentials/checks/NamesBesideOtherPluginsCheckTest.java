package io.jenkins.plugins.githostcredentials.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Our names must not be names other plugins installed beside ours already use. Configuration as code resolves a YAML
 * key to a class by @Symbol and by names it derives from the simple class name, so a class of ours named like
 * github-branch-source's ({@code GitHubAppCredentials}) takes over that plugin's {@code gitHubApp:} YAML; and two
 * kinds with one display name cannot be told apart in "Add Credentials".
 */
class NamesBesideOtherPluginsCheckTest {

    private static final Pattern SYMBOL = Pattern.compile("@Symbol\\(\\s*(\\{[^}]*}|\"[^\"]*\"|\\w+)\\s*\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    private static final Pattern CONSTANT = Pattern.compile("\\b(?:static\\s+final|final\\s+static)\\s+String\\s+(\\w+)\\s*=\\s*\"([^\"]+)\"");

    /** Extension point names configuration-as-code strips from a class name (Credentials, Step, MultiBinding). */
    private static final List<String> EXTENSION_POINTS = List.of("CredentialsImpl", "Credentials", "Step", "MultiBinding");

    record Taken(String kind, String name, String owner, String plugin) {}

    static List<Taken> taken() {
        List<Taken> result = new ArrayList<>();
        try (InputStream in = NamesBesideOtherPluginsCheckTest.class.getResourceAsStream("names-taken-by-other-plugins.tsv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                result.add(new Taken(columns[0], columns[1], columns[2], columns[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** configuration-as-code's Configurator.normalize: decapitalize (an all-capitals name becomes lower case). */
    static String normalize(String name) {
        if (name.toUpperCase(java.util.Locale.ROOT).equals(name)) {
            return name.toLowerCase(java.util.Locale.ROOT);
        }
        if (name.length() > 1 && Character.isUpperCase(name.charAt(1)) && Character.isUpperCase(name.charAt(0))) {
            return name;
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** The names configuration-as-code and Pipeline accept for a class of ours with these symbols. */
    static List<String> namesOf(String simpleClassName, List<String> symbols) {
        List<String> names = new ArrayList<>(symbols);
        for (String extensionPoint : EXTENSION_POINTS) {
            if (simpleClassName.endsWith(extensionPoint) && simpleClassName.length() > extensionPoint.length()) {
                names.add(normalize(simpleClassName.substring(0, simpleClassName.length() - extensionPoint.length())));
                break;
            }
        }
        names.add(normalize(simpleClassName));
        return names;
    }

    /** Each class of ours that has a @Symbol (file name = class), with its names. */
    static Map<String, List<String>> ourNames() {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (Path file : PluginTree.files(PluginTree.MAIN_JAVA, ".java")) {
            String source = PluginTree.read(file);
            Map<String, String> constants = new HashMap<>();
            Matcher constant = CONSTANT.matcher(source);
            while (constant.find()) {
                constants.put(constant.group(1), constant.group(2));
            }
            List<String> symbols = new ArrayList<>();
            Matcher symbol = SYMBOL.matcher(source);
            while (symbol.find()) {
                String value = symbol.group(1);
                Matcher quoted = QUOTED.matcher(value);
                boolean any = false;
                while (quoted.find()) {
                    symbols.add(quoted.group(1));
                    any = true;
                }
                if (!any) {
                    assertTrue(constants.containsKey(value), PluginTree.name(file) + ": @Symbol(" + value + ") is not a "
                            + "string constant of this file, so the check cannot read it");
                    symbols.add(constants.get(value));
                }
            }
            if (!symbols.isEmpty()) {
                String simpleName = file.getFileName().toString().replaceAll("\\.java$", "");
                result.put(PluginTree.name(file), namesOf(simpleName, symbols));
            }
        }
        return result;
    }

    /** Our display names: every {@code *.displayName} key. */
    static Map<String, String> ourDisplayNames() {
        Map<String, String> result = new LinkedHashMap<>();
        for (Path bundle : PluginTree.files(PluginTree.MAIN_RESOURCES, "Messages.properties")) {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(PluginTree.read(bundle)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String key : properties.stringPropertyNames()) {
                if (key.endsWith(".displayName")) {
                    result.put(PluginTree.name(bundle) + " " + key, properties.getProperty(key));
                }
            }
        }
        return result;
    }

    @Test
    void noNameOfOursIsOneAnotherPluginUses() {
        Map<String, Taken> takenNames = new HashMap<>();
        Map<String, Taken> takenDisplayNames = new HashMap<>();
        for (Taken entry : taken()) {
            (entry.kind().equals("display") ? takenDisplayNames : takenNames).put(entry.name().toLowerCase(java.util.Locale.ROOT), entry);
        }
        Map<String, List<String>> ours = ourNames();
        assertFalse(ours.isEmpty(), "no @Symbol found in plugin/");
        List<String> violations = new ArrayList<>();
        Map<String, String> ownerOfName = new HashMap<>();
        ours.forEach((file, names) -> {
            for (String name : names) {
                Taken other = takenNames.get(name.toLowerCase(java.util.Locale.ROOT));
                if (other != null) {
                    violations.add(file + ": name '" + name + "' is " + other.plugin() + "'s (" + other.owner()
                            + "): configuration as code and Pipeline would resolve one plugin's name to the other's class");
                }
                String earlier = ownerOfName.putIfAbsent(name, file);
                if (earlier != null && !earlier.equals(file)) {
                    violations.add(file + ": name '" + name + "' is also " + earlier + "'s");
                }
            }
        });
        ourDisplayNames().forEach((key, displayName) -> {
            Taken other = takenDisplayNames.get(displayName.toLowerCase(java.util.Locale.ROOT));
            if (other != null) {
                violations.add(key + ": display name '" + displayName + "' is " + other.plugin() + "'s ("
                        + other.owner() + "): the two cannot be told apart in the same list");
            }
        });
        assertTrue(violations.isEmpty(), PluginTree.report("Names shared with other plugins", violations));
    }

    @Test
    void derivedNamesFollowConfigurationAsCode() {
        assertEquals(List.of("gitHubApp", "gitHubAppCredentials"), namesOf("GitHubAppCredentials", List.of()));
        assertEquals(List.of("usernamePassword", "usernamePassword", "usernamePasswordCredentialsImpl"),
                namesOf("UsernamePasswordCredentialsImpl", List.of("usernamePassword")));
        assertEquals(List.of("withGitHostCredentials", "withGitHostCredentials", "withGitHostCredentialsStep"),
                namesOf("WithGitHostCredentialsStep", List.of("withGitHostCredentials")));
    }
}
