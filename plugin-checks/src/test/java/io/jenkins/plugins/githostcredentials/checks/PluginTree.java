package io.jenkins.plugins.githostcredentials.checks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/** The plugin/ source tree, read as text: where the checks find the files they look at. */
final class PluginTree {

    static final Path ROOT = Paths.get(System.getProperty("pluginDirectory", "../plugin")).toAbsolutePath().normalize();
    static final Path MAIN_JAVA = ROOT.resolve("src/main/java");
    static final Path MAIN_RESOURCES = ROOT.resolve("src/main/resources");
    static final Path TEST_JAVA = ROOT.resolve("src/test/java");

    private PluginTree() {}

    /** Every file under {@code directory} whose name ends with {@code suffix}, in a stable order. */
    static List<Path> files(Path directory, String suffix) {
        assertTrue(Files.isDirectory(directory), directory + " is not a directory: run the checks from the repository");
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(path -> path.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path relative to plugin/, for messages. */
    static String name(Path file) {
        return ROOT.relativize(file).toString().replace('\\', '/');
    }

    /** The Java class a resource directory belongs to: {@code .../io/x/Foo/help.html} is {@code io.x.Foo}. */
    static String ownerClass(Path resource) {
        return MAIN_RESOURCES.relativize(resource.getParent()).toString().replace('\\', '/').replace('/', '.');
    }

    /** The main source file of a class, which need not exist (nested classes, other plugins' classes). */
    static Path mainSource(String className) {
        return MAIN_JAVA.resolve(className.replace('.', '/') + ".java");
    }

    /** The package a Java source file declares. */
    static String packageOf(String source) {
        var matcher = java.util.regex.Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;").matcher(source);
        return matcher.find() ? matcher.group(1) : "";
    }

    /** A failure message listing every violation, one a line. */
    static String report(String rule, List<String> violations) {
        return rule + " (" + violations.size() + "):\n  " + String.join("\n  ", violations);
    }
}
