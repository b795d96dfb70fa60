package io.jenkins.plugins.githostcredentials.checks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The {@code Messages} classes are generated from {@code Messages.properties} at build time (localizer): key
 * {@code Foo.bar} becomes {@code Messages.Foo_bar()} and {@code Messages._Foo_bar()}. A call without its key breaks
 * the build where plugin/ compiles; a key without a call is dead text.
 */
class MessageKeysCheckTest {

    private static final Pattern CALL = Pattern.compile("\\bMessages\\.(_?)(\\w+)\\s*\\(");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+([\\w.]+)\\.Messages\\s*;");

    @Test
    void everyMessageCallHasItsKeyAndEveryKeyIsCalled() {
        Map<String, Set<String>> methodsByPackage = new HashMap<>();
        Map<String, Path> bundleByPackage = new HashMap<>();
        for (Path bundle : PluginTree.files(PluginTree.MAIN_RESOURCES, "Messages.properties")) {
            String pkg = PluginTree.MAIN_RESOURCES.relativize(bundle.getParent()).toString().replace('\\', '/').replace('/', '.');
            Set<String> methods = new TreeSet<>();
            for (String key : keys(bundle)) {
                methods.add(key.replaceAll("[^A-Za-z0-9_]", "_"));
            }
            methodsByPackage.put(pkg, methods);
            bundleByPackage.put(pkg, bundle);
        }
        assertFalse(methodsByPackage.isEmpty(), "no Messages.properties found");

        List<String> violations = new ArrayList<>();
        Map<String, Set<String>> called = new HashMap<>();
        for (Path file : PluginTree.files(PluginTree.MAIN_JAVA, ".java")) {
            String source = PluginTree.read(file);
            Matcher imported = IMPORT.matcher(source);
            String pkg = imported.find() ? imported.group(1) : PluginTree.packageOf(source);
            Matcher matcher = CALL.matcher(source);
            while (matcher.find()) {
                String method = matcher.group(2);
                Set<String> methods = methodsByPackage.get(pkg);
                if (methods == null) {
                    violations.add(PluginTree.name(file) + " calls Messages." + matcher.group(1) + method
                            + "() but package " + pkg + " has no Messages.properties");
                } else if (!methods.contains(method)) {
                    violations.add(PluginTree.name(file) + " calls Messages." + matcher.group(1) + method + "() but "
                            + PluginTree.name(bundleByPackage.get(pkg)) + " has no key for it");
                }
                called.computeIfAbsent(pkg, k -> new HashSet<>()).add(method);
            }
        }
        methodsByPackage.forEach((pkg, methods) -> {
            for (String method : methods) {
                if (!called.getOrDefault(pkg, Set.of()).contains(method)) {
                    violations.add(PluginTree.name(bundleByPackage.get(pkg)) + ": key for Messages." + method
                            + "() is never used");
                }
            }
        });
        assertTrue(violations.isEmpty(), PluginTree.report("Message keys and calls that do not match", violations));
    }

    private static Set<String> keys(Path bundle) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(PluginTree.read(bundle)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.stringPropertyNames();
    }
}
