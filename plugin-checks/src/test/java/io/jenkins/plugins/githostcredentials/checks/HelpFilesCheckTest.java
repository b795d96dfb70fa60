package io.jenkins.plugins.githostcredentials.checks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code help-FIELD.html} belongs to a field: one the class's form (or a subclass's form, since descriptors find
 * help files up the class hierarchy) shows, or a property of the class. A help file for a renamed or removed field is
 * never shown, and its text is usually wrong by then too.
 */
class HelpFilesCheckTest {

    private static final Pattern EXTENDS = Pattern.compile("\\bclass\\s+(\\w+)(?:<[^>]*>)?\\s+extends\\s+(\\w+)");

    @Test
    void everyFieldHelpFileHasItsField() {
        Map<String, Set<String>> subclasses = subclassesBySimpleName();
        List<Path> helpFiles = PluginTree.files(PluginTree.MAIN_RESOURCES, ".html").stream()
                .filter(file -> file.getFileName().toString().startsWith("help-"))
                .toList();
        assertFalse(helpFiles.isEmpty(), "no field help files found");
        List<String> violations = new ArrayList<>();
        for (Path help : helpFiles) {
            String fileName = help.getFileName().toString();
            String field = fileName.substring("help-".length(), fileName.length() - ".html".length());
            String owner = PluginTree.ownerClass(help);
            Set<String> classes = new HashSet<>();
            collect(owner, subclasses, classes);
            if (classes.stream().noneMatch(type -> formHas(type, field) || classHas(type, field))) {
                violations.add(PluginTree.name(help) + ": no form of " + owner + " (or of a subclass) has a field '"
                        + field + "', and the class has no such property");
            }
        }
        assertTrue(violations.isEmpty(), PluginTree.report("Help files for fields nothing shows", violations));
    }

    /** Simple class name to the fully qualified names of its direct subclasses in plugin/. */
    private static Map<String, Set<String>> subclassesBySimpleName() {
        Map<String, Set<String>> result = new HashMap<>();
        for (Path file : PluginTree.files(PluginTree.MAIN_JAVA, ".java")) {
            String source = PluginTree.read(file);
            String pkg = PluginTree.packageOf(source);
            Matcher matcher = EXTENDS.matcher(source);
            while (matcher.find()) {
                result.computeIfAbsent(matcher.group(2), k -> new HashSet<>()).add(pkg + "." + matcher.group(1));
            }
        }
        return result;
    }

    private static void collect(String className, Map<String, Set<String>> subclasses, Set<String> into) {
        if (!into.add(className)) {
            return;
        }
        String simple = className.substring(className.lastIndexOf('.') + 1);
        for (String subclass : subclasses.getOrDefault(simple, Set.of())) {
            collect(subclass, subclasses, into);
        }
    }

    private static boolean formHas(String className, String field) {
        Path directory = PluginTree.MAIN_RESOURCES.resolve(className.replace('.', '/'));
        if (!Files.isDirectory(directory)) {
            return false;
        }
        Pattern uses = Pattern.compile("(?:field|name)=\"" + Pattern.quote(field) + "\"|getHelpFile\\('"
                + Pattern.quote(field) + "'\\)");
        return PluginTree.files(directory, ".jelly").stream().anyMatch(jelly -> uses.matcher(PluginTree.read(jelly)).find());
    }

    private static boolean classHas(String className, String field) {
        Path source = PluginTree.mainSource(className);
        if (!Files.isRegularFile(source)) {
            return false;
        }
        String property = Character.toUpperCase(field.charAt(0)) + field.substring(1);
        return Pattern.compile("\\b(?:get|is|set)" + Pattern.quote(property) + "\\s*\\(")
                .matcher(PluginTree.read(source))
                .find();
    }
}
