package io.jenkins.plugins.githostcredentials.core.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The variables a build block runs with: the token and username variables, the host tools' variables and git's
 * credential configuration. {@link #toString()} names the variables but never shows a value.
 *
 * @param variables name to value, to add to (and override in) the inherited environment
 * @param secretVariableNames the names whose values contain a secret: mask them, and warn when a script
 *     interpolates them
 */
public record SessionEnvironment(Map<String, String> variables, Set<String> secretVariableNames) {

    public SessionEnvironment {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        secretVariableNames = Collections.unmodifiableSet(new LinkedHashSet<>(secretVariableNames));
    }

    @Override
    public String toString() {
        return "SessionEnvironment[variables=" + variables.keySet() + ", secretVariables=" + secretVariableNames + "]";
    }
}
