package io.jenkins.plugins.githostcredentials.checks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Jelly defects that only show when Jenkins renders the page. */
class JellyFilesCheckTest {

    /** A localized text, {@code ${%...}}, up to the closing brace. */
    private static final Pattern LOCALIZED = Pattern.compile("\\$\\{%([^}]*)}");

    /**
     * Stapler's InternationalizedStringExpression reads everything after a '(' as message arguments (a JEXL expression
     * each), so "${%Permissions (GitHub App)}" fails to parse and the whole page with it; braces, brackets and quotes
     * are parsed by the same argument tokenizer or end the expression early.
     */
    private static final Pattern PARSED_BY_JELLY = Pattern.compile("[()\\[\\]{}\"'$]");

    private static List<Path> jellyFiles() {
        List<Path> files = PluginTree.files(PluginTree.MAIN_RESOURCES, ".jelly");
        assertFalse(files.isEmpty(), "no Jelly files found under " + PluginTree.MAIN_RESOURCES);
        return files;
    }

    @Test
    void everyJellyFileEscapesByDefault() {
        List<String> violations = new ArrayList<>();
        for (Path file : jellyFiles()) {
            if (!PluginTree.read(file).startsWith("<?jelly escape-by-default='true'?>")) {
                violations.add(PluginTree.name(file) + " does not start with <?jelly escape-by-default='true'?>");
            }
        }
        assertTrue(violations.isEmpty(), PluginTree.report("Jelly files that would render values unescaped", violations));
    }

    @Test
    void localizedTextKeysHoldNothingJellyParses() {
        List<String> violations = new ArrayList<>();
        for (Path file : jellyFiles()) {
            String text = PluginTree.read(file);
            Matcher matcher = LOCALIZED.matcher(text);
            while (matcher.find()) {
                String key = matcher.group(1);
                if (PARSED_BY_JELLY.matcher(key).find()) {
                    violations.add(PluginTree.name(file) + ": ${%" + key + "} holds characters Jelly parses as message "
                            + "arguments; keep the key plain words and put such text in Messages.properties");
                }
            }
        }
        assertTrue(violations.isEmpty(), PluginTree.report("Localized texts that break the page", violations));
    }

    private static final Pattern VALIDATE_BUTTON = Pattern.compile("<f:validateButton\\b[^>]*\\bmethod=\"(\\w+)\"");
    private static final Pattern FIELD = Pattern.compile("\\bfield=\"(\\w+)\"");

    /**
     * A field with a doCheck method is checked as it is typed and shows the answer under it; a button calling the same
     * method shows it a second time (the GitHub App form showed "Key OK" twice).
     */
    @Test
    void noButtonRepeatsAFieldsOwnCheck() {
        List<String> violations = new ArrayList<>();
        for (Path file : jellyFiles()) {
            String text = PluginTree.read(file);
            List<String> fieldChecks = new ArrayList<>();
            Matcher field = FIELD.matcher(text);
            while (field.find()) {
                String name = field.group(1);
                fieldChecks.add("check" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
            }
            Matcher button = VALIDATE_BUTTON.matcher(text);
            while (button.find()) {
                if (fieldChecks.contains(button.group(1))) {
                    violations.add(PluginTree.name(file) + ": a button calls " + button.group(1) + ", which the field "
                            + "runs by itself; its answer would show twice");
                }
            }
        }
        assertTrue(violations.isEmpty(), PluginTree.report("Buttons repeating a field's check", violations));
    }

    @Test
    void theRuleCatchesTheDefectThatEmptiedTheSnippetGenerator() {
        Matcher matcher = LOCALIZED.matcher("<f:entry title=\"${%Permissions (GitHub App)}\" field=\"permissions\">");
        assertTrue(matcher.find());
        assertTrue(PARSED_BY_JELLY.matcher(matcher.group(1)).find());
        Matcher plain = LOCALIZED.matcher("<f:entry title=\"${%Reading the key...}\">");
        assertTrue(plain.find());
        assertFalse(PARSED_BY_JELLY.matcher(plain.group(1)).find());
    }
}
