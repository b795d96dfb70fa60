package io.jenkins.plugins.githostcredentials.checks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plugin/ compiled against core alone. Jenkins' own types stay unresolved here (their errors are expected and
 * ignored), but every call into core, and every call between plugin/'s own classes and tests, is still checked for
 * its arguments: javac reports a call with the wrong number or kind of arguments even where a parameter's type is
 * a Jenkins one. That is how a signature that changed on one side and not the other (a merge, a renamed method's
 * overload) is caught here instead of in the first real Jenkins build.
 */
class SignaturesAgainstCoreCheckTest {

    /** "method X in class Y cannot be applied to given types", and its several-candidates form. */
    private static final Set<String> WRONG_ARGUMENTS = Set.of("compiler.err.cant.apply.symbol", "compiler.err.cant.apply.symbols");

    @Test
    void everyCallMatchesTheSignatureItCalls(@TempDir Path out) {
        List<String> violations = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> error : compile(out)) {
            boolean wrongArguments = WRONG_ARGUMENTS.contains(error.getCode());
            // core is fully on the class path: a symbol of core that cannot be found is a real error
            boolean missingCoreSymbol = error.getCode().startsWith("compiler.err.cant.resolve")
                    && error.getMessage(Locale.ROOT).contains("io.jenkins.plugins.githostcredentials.core.");
            if (wrongArguments || missingCoreSymbol) {
                violations.add(PluginTree.name(Path.of(error.getSource().toUri())) + ":" + error.getLineNumber() + ": "
                        + error.getMessage(Locale.ROOT).lines().findFirst().orElse(""));
            }
        }
        assertTrue(violations.isEmpty(), PluginTree.report("Calls that do not match what they call", violations));
    }

    @Test
    void theCheckSeesAWrongCall(@TempDir Path out) throws IOException {
        Path source = out.resolve("src/Probe.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Probe { void run() { "
                + "io.jenkins.plugins.githostcredentials.core.SecretText.of(\"a\", \"b\"); } }");
        List<Diagnostic<? extends JavaFileObject>> errors = compile(out.resolve("classes"), List.of(source));
        assertTrue(errors.stream().anyMatch(e -> WRONG_ARGUMENTS.contains(e.getCode())), String.valueOf(errors));
    }

    private static List<Diagnostic<? extends JavaFileObject>> compile(Path out) {
        List<Path> sources = new ArrayList<>(PluginTree.files(PluginTree.MAIN_JAVA, ".java"));
        sources.addAll(PluginTree.files(PluginTree.TEST_JAVA, ".java"));
        assertFalse(sources.isEmpty(), "no plugin sources found");
        return compile(out, sources);
    }

    private static List<Diagnostic<? extends JavaFileObject>> compile(Path out, List<Path> sources) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "the checks need a JDK, not a JRE");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            Files.createDirectories(out);
            List<String> options = List.of("-proc:none", "-Xmaxerrs", "100000", "-implicit:none",
                    "-d", out.toString(), "-cp", System.getProperty("java.class.path"));
            compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Diagnostic<? extends JavaFileObject>> all = diagnostics.getDiagnostics().stream()) {
            return all.filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
        }
    }
}
