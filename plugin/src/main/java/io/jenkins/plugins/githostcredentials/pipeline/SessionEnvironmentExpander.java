package io.jenkins.plugins.githostcredentials.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import io.jenkins.plugins.githostcredentials.core.session.SessionEnvironment;
import java.io.IOException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;

/**
 * Gives each step in the block the session's variables, computed when the step starts: the current token (a GitHub
 * App session renews it), and git's configuration appended to whatever the step inherits. Runs on the controller;
 * holds only the session's handle, so no token is in serialized pipeline state.
 */
final class SessionEnvironmentExpander extends EnvironmentExpander {

    private static final long serialVersionUID = 1L;

    private final SessionHandle handle;
    private final TreeSet<String> secretVariableNames;

    SessionEnvironmentExpander(SessionHandle handle, Set<String> secretVariableNames) {
        this.handle = handle;
        this.secretVariableNames = new TreeSet<>(secretVariableNames);
    }

    @Override
    public void expand(@NonNull EnvVars env) throws IOException {
        SessionEnvironment environment = handle.findOrReopen().environment(env, handle.tokenFileForGit());
        // put, not override: override would drop a variable whose value is empty.
        environment.variables().forEach(env::put);
    }

    /** Lets Pipeline warn when a script interpolates these into a Groovy string. */
    @NonNull
    @Override
    public Set<String> getSensitiveVariables() {
        return Collections.unmodifiableSet(secretVariableNames);
    }
}
