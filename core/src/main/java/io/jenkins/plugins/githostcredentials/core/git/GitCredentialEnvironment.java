package io.jenkins.plugins.githostcredentials.core.git;

import io.jenkins.plugins.githostcredentials.core.host.GitLogin;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The environment variables that let {@code git} in a build authenticate to one git origin with a token,
 * without any file (workspace, home directory, credential store) ever holding the token.
 *
 * <p>The configuration travels in {@code GIT_CONFIG_PARAMETERS}, the variable through which {@code git -c} hands
 * configuration to the git processes it starts, and which every git version reads. Each entry is one
 * single-quoted {@code 'key=value'} word, appended to any inherited value, so an enclosing block's configuration
 * stays in force and no variable is ever empty. Not {@code GIT_CONFIG_COUNT}/{@code GIT_CONFIG_VALUE_<n>}: the
 * helper resets below would be empty variables, which Jenkins' launchers drop, and git would then stop with
 * "missing config value".
 *
 * <p>git applies these entries after the configuration files and after any inherited {@code GIT_CONFIG_COUNT}
 * entries. For the origin only, they set:
 * <ul>
 *   <li>{@code credential.<origin>.helper} to an empty value, which empties the helper list collected so far
 *       (system, global, repository and inherited environment configuration), so a system credential manager
 *       can neither serve a stale token nor store ours;</li>
 *   <li>for {@link GitLogin.Basic}: {@code credential.<origin>.helper} to a shell-function helper that answers
 *       {@code get} with the username and token read from environment variables, and ignores
 *       {@code store}/{@code erase}, so nothing is cached. The token is therefore neither in a file nor on a
 *       command line that {@code ps} could show;</li>
 *   <li>for {@link GitLogin.BearerHeader}: {@code http.<origin>.extraHeader} {@code Authorization: Bearer ...}
 *       (so {@code GIT_CONFIG_PARAMETERS} is then secret), and a helper that tells git to stop ({@code quit=1}) if
 *       the server still asks for a password, so a refused token fails at once instead of reaching an inherited
 *       askpass program;</li>
 *   <li>{@code http.<origin>.extraHeader} to an empty value first, which drops inherited extra headers for
 *       the origin (such as a persisted {@code Authorization} header holding an old token). git applies only
 *       the most specific URL match for {@code http.*}, so a header configured for a longer URL (a path under
 *       the origin) would still be sent; helpers, in contrast, are all reset whatever URL they were set for.</li>
 * </ul>
 * Other origins get nothing from this configuration; their inherited helpers keep working.
 * {@code GIT_TERMINAL_PROMPT=0} makes a refused token fail instead of waiting for someone to type a password.
 *
 * <p>Configuration the build adds later ({@code git -c credential.helper=...}) comes after these entries;
 * git asks helpers in order and stops at the first complete answer, which is ours.
 *
 * <p>{@code credential.useHttpPath} is left alone: the helper answers the same whatever path git asks about.
 *
 * <p>Windows: the same variables work with Git for Windows, which runs {@code !} helpers through the
 * {@code sh} it ships; every value is a single line.
 *
 * <p>The helper's variables carry an index no enclosing block uses, so nested blocks for different origins do
 * not overwrite each other's token. {@link #toString()} names variables but never shows values.
 */
public final class GitCredentialEnvironment {

    private static final String CONFIG_PARAMETERS = "GIT_CONFIG_PARAMETERS";
    private static final String TERMINAL_PROMPT = "GIT_TERMINAL_PROMPT";
    private static final String USERNAME_VARIABLE_PREFIX = "GHC_GIT_USERNAME_";
    private static final String TOKEN_VARIABLE_PREFIX = "GHC_GIT_TOKEN_";
    private static final String TOKEN_FILE_VARIABLE_PREFIX = "GHC_GIT_TOKEN_FILE_";

    /** Tells git to give up rather than ask an inherited askpass program or a terminal for a password. */
    private static final String QUIT_HELPER = "!f() { if test \"$1\" = get; then echo quit=1; fi; }; f";

    private final String gitOrigin;
    private final Map<String, String> variables;
    private final Set<String> secretVariableNames;

    private GitCredentialEnvironment(String gitOrigin, Map<String, String> variables, Set<String> secretVariableNames) {
        this.gitOrigin = gitOrigin;
        this.variables = Collections.unmodifiableMap(variables);
        this.secretVariableNames = Collections.unmodifiableSet(secretVariableNames);
    }

    /**
     * Builds the variables to add to {@code inheritedEnvironment} for git to authenticate to {@code gitOrigin}.
     *
     * @param gitOrigin {@code scheme://host[:port]} of the git server, as {@code HostEndpoint.gitOrigin()} gives it
     * @param login how git authenticates there
     * @param inheritedEnvironment the environment the build body would otherwise run with; read only, to append
     *     to its {@code GIT_CONFIG_PARAMETERS} and to skip the helper variables of enclosing blocks
     * @throws IllegalArgumentException for an origin that is not an http(s) origin, or a username or token that
     *     could inject credential protocol lines; the message never contains the token
     */
    public static GitCredentialEnvironment forLogin(
            String gitOrigin, GitLogin login, Map<String, String> inheritedEnvironment) {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(inheritedEnvironment, "inheritedEnvironment");
        String origin = requireOrigin(gitOrigin);
        String token = login.token().reveal();
        requireNoControlCharacters(token, "The token contains a line break or another control character;"
                + " git would misread it. Paste the token again without line breaks.");
        ConfigParameters config = new ConfigParameters(origin, inheritedEnvironment);
        if (login instanceof GitLogin.Basic basic) {
            requireUsername(basic.username());
            String usernameVariable = USERNAME_VARIABLE_PREFIX + config.helperIndex;
            String tokenVariable = TOKEN_VARIABLE_PREFIX + config.helperIndex;
            config.add("credential." + origin + ".helper", basicHelper(usernameVariable, "\"$" + tokenVariable + "\""));
            config.helperVariable(usernameVariable, basic.username(), false);
            config.helperVariable(tokenVariable, token, true);
        } else if (login instanceof GitLogin.BearerHeader) {
            config.add("credential." + origin + ".helper", QUIT_HELPER);
            config.add("http." + origin + ".extraHeader", "Authorization: Bearer " + token);
            config.parametersHoldSecret();
        } else {
            throw new IllegalArgumentException("Unsupported git login " + login);
        }
        return config.build();
    }

    /**
     * Like {@link #forLogin} with a {@link GitLogin.Basic} login, but the helper reads the token from a file each
     * time git asks, so a long build step keeps authenticating after the token it started with expired: whoever
     * owns the file rewrites it with a fresh token. No variable holds the token; one holds the file's path.
     *
     * <p>Keep the file out of the workspace and the home directory (e.g. in the build's temporary directory next
     * to the workspace), readable by the build's user only, and delete it when the build block ends. The file holds
     * the token alone; a trailing line break is ignored. On Windows give the path with forward slashes
     * ({@code C:/...}), which the {@code sh} of Git for Windows reads.
     *
     * @param username the git username (e.g. {@code x-access-token})
     * @param tokenFile the path of the token file, as the build's git sees it
     * @throws IllegalArgumentException as for {@link #forLogin}, or for a blank username, or a blank path or one
     *     with control characters
     */
    public static GitCredentialEnvironment readingTokenFile(
            String gitOrigin, String username, String tokenFile, Map<String, String> inheritedEnvironment) {
        Objects.requireNonNull(inheritedEnvironment, "inheritedEnvironment");
        String origin = requireOrigin(gitOrigin);
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("A git username is required for HTTP Basic authentication.");
        }
        requireUsername(username);
        if (tokenFile == null || tokenFile.isBlank()) {
            throw new IllegalArgumentException("The token file path is empty: give the path git should read the token from.");
        }
        requireNoControlCharacters(tokenFile, "The token file path contains a line break or another control character.");
        ConfigParameters config = new ConfigParameters(origin, inheritedEnvironment);
        String usernameVariable = USERNAME_VARIABLE_PREFIX + config.helperIndex;
        String tokenFileVariable = TOKEN_FILE_VARIABLE_PREFIX + config.helperIndex;
        config.add("credential." + origin + ".helper",
                basicHelper(usernameVariable, "\"$(cat \"$" + tokenFileVariable + "\")\""));
        config.helperVariable(usernameVariable, username, false);
        config.helperVariable(tokenFileVariable, tokenFile, false);
        return config.build();
    }

    /** The variables to set for the build body, in a stable order; the inherited ones are not repeated. */
    public Map<String, String> variables() {
        return variables;
    }

    /** Names of the {@link #variables()} whose values contain the token: mask these values in build output. */
    public Set<String> secretVariableNames() {
        return secretVariableNames;
    }

    /** The normalized origin the credentials are served for, e.g. {@code https://github.com}. */
    public String gitOrigin() {
        return gitOrigin;
    }

    @Override
    public String toString() {
        return "GitCredentialEnvironment[origin=" + gitOrigin + ", variables=" + variables.keySet()
                + ", secretVariables=" + secretVariableNames + "]";
    }

    /**
     * Answers {@code get} with the username from its variable and the password the shell word {@code password}
     * expands to; git appends the operation as {@code $1}. Any other operation ({@code store}, {@code erase}) does
     * nothing and succeeds.
     */
    private static String basicHelper(String usernameVariable, String password) {
        return "!f() { if test \"$1\" = get; then printf 'username=%s\\npassword=%s\\n' \"$" + usernameVariable
                + "\" " + password + "; fi; }; f";
    }

    private static String requireOrigin(String gitOrigin) {
        if (gitOrigin == null || gitOrigin.isBlank()) {
            throw new IllegalArgumentException("The git origin is empty: give scheme://host[:port], e.g. https://github.com.");
        }
        String candidate = gitOrigin.strip();
        // A pasted URL may carry a token as user info: never echo that part.
        String shown = candidate.replaceFirst("^([^/]*//)[^/]*@", "$1****@");
        String problem = "The git origin '" + shown + "' must be scheme://host[:port] with scheme https or http"
                + " (e.g. https://github.com)";
        URI uri;
        try {
            uri = new URI(candidate);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(problem + ": " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException(problem + ".");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(problem + "; it has no host name.");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(problem + "; remove the user name, the login supplies it.");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(problem + "; remove the path and query, credentials are served per origin.");
        }
        return scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
    }

    private static void requireUsername(String username) {
        requireNoControlCharacters(username, "The git username contains a line break or another control"
                + " character; enter the username on one line.");
    }

    private static void requireNoControlCharacters(String value, String message) {
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Entries for {@code GIT_CONFIG_PARAMETERS}: the two resets for the origin first, then the ones added, each as one
     * single-quoted {@code 'key=value'} word (the form every git reads), appended to the inherited value.
     */
    private static final class ConfigParameters {
        private final String origin;
        private final Map<String, String> inheritedEnvironment;
        private final StringBuilder words = new StringBuilder();
        private final Map<String, String> helperVariables = new LinkedHashMap<>();
        private final Set<String> secretNames = new LinkedHashSet<>();
        /** Suffix of this block's helper variables, unused by any enclosing block. */
        final int helperIndex;

        ConfigParameters(String origin, Map<String, String> inheritedEnvironment) {
            this.origin = origin;
            this.inheritedEnvironment = inheritedEnvironment;
            this.helperIndex = firstFreeHelperIndex(inheritedEnvironment);
            add("credential." + origin + ".helper", "");
            add("http." + origin + ".extraHeader", "");
        }

        void add(String key, String value) {
            words.append(words.length() == 0 ? "" : " ").append(singleQuoted(key + "=" + value));
        }

        void helperVariable(String name, String value, boolean secret) {
            helperVariables.put(name, value);
            if (secret) {
                secretNames.add(name);
            }
        }

        void parametersHoldSecret() {
            secretNames.add(CONFIG_PARAMETERS);
        }

        GitCredentialEnvironment build() {
            String inherited = inheritedEnvironment.getOrDefault(CONFIG_PARAMETERS, "").strip();
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put(CONFIG_PARAMETERS, inherited.isEmpty() ? words.toString() : inherited + " " + words);
            variables.putAll(helperVariables);
            variables.put(TERMINAL_PROMPT, "0");
            return new GitCredentialEnvironment(origin, variables, secretNames);
        }

        private static int firstFreeHelperIndex(Map<String, String> inheritedEnvironment) {
            int index = 0;
            while (inheritedEnvironment.containsKey(USERNAME_VARIABLE_PREFIX + index)
                    || inheritedEnvironment.containsKey(TOKEN_VARIABLE_PREFIX + index)
                    || inheritedEnvironment.containsKey(TOKEN_FILE_VARIABLE_PREFIX + index)) {
                index++;
            }
            return index;
        }

        /** Shell single quoting as git writes it: ' and ! are closed out, backslash-escaped and reopened. */
        private static String singleQuoted(String text) {
            StringBuilder quoted = new StringBuilder("'");
            for (char c : text.toCharArray()) {
                if (c == '\'' || c == '!') {
                    quoted.append("'\\").append(c).append('\'');
                } else {
                    quoted.append(c);
                }
            }
            return quoted.append('\'').toString();
        }
    }
}
