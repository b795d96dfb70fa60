package io.jenkins.plugins.githostcredentials.core.host;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one place that knows each host's rules: how to turn what a user types into a server and API URL, how a
 * token is sent to the REST API, which git username goes with which token, and which token kind a value is.
 */
public final class HostCatalog {

    private static final Pattern LEGACY_HEX_TOKEN = Pattern.compile("[0-9a-f]{40}");
    /** Azure DevOps PATs: the legacy 52-character base32 form, and the 84-character form with an "AZDO" signature. */
    private static final Pattern AZURE_LEGACY_PAT = Pattern.compile("[a-z2-7]{52}");

    private static final int AZURE_PAT_LENGTH = 84;
    private static final int AZURE_SIGNATURE_OFFSET = 76;

    private HostCatalog() {}

    // ---------------------------------------------------------------- URLs

    /**
     * Resolves what a user typed (server URL, repository URL or API URL; blank for the public SaaS hosts) into
     * the host's server and API base URL.
     *
     * @throws InvalidHostInputException naming the accepted forms when the input does not fit the host
     */
    public static HostEndpoint resolve(HostKind kind, String userInput) {
        String input = userInput == null ? "" : userInput.strip();
        if (input.isEmpty()) {
            if (kind.requiresServerUrl()) {
                throw new InvalidHostInputException(
                        kind.displayName() + " needs the server URL. " + acceptedForms(kind));
            }
            input = kind.defaultServerUrl();
        }
        if (input.startsWith("git@") || input.startsWith("ssh://")) {
            throw new InvalidHostInputException(
                    "'" + input + "' is an SSH URL; these credentials are used over HTTPS. " + acceptedForms(kind));
        }
        if (!input.contains("://")) {
            input = "https://" + input;
        }
        URI uri;
        try {
            uri = new URI(input);
        } catch (URISyntaxException e) {
            throw new InvalidHostInputException("'" + userInput + "' is not a URL. " + acceptedForms(kind));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new InvalidHostInputException(
                    "'" + userInput + "' must start with https:// (or http://). " + acceptedForms(kind));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidHostInputException("'" + userInput + "' has no host name. " + acceptedForms(kind));
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String origin = scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        List<String> segments = pathSegments(uri.getPath());
        return switch (kind) {
            case GITHUB -> resolveGitHub(host, userInput);
            case GITHUB_ENTERPRISE -> resolveGitHubEnterprise(host, origin, userInput);
            case GITLAB -> resolveGitLab(host, origin, segments);
            case BITBUCKET_CLOUD -> resolveBitbucketCloud(host, userInput);
            case BITBUCKET_DATA_CENTER -> resolveBitbucketDataCenter(host, origin, segments, userInput);
            case AZURE_DEVOPS -> resolveAzureDevOps(host, origin, segments, userInput);
            case GITEA -> resolveGitea(origin, segments);
        };
    }

    /** One sentence listing what a user may enter for the host, for error messages and form help. */
    public static String acceptedForms(HostKind kind) {
        return switch (kind) {
            case GITHUB -> "Enter nothing (github.com), https://github.com or a github.com repository URL.";
            case GITHUB_ENTERPRISE -> "Enter the server URL (https://github.example.com), its API URL "
                    + "(https://github.example.com/api/v3) or a repository URL; for GitHub Enterprise Cloud with "
                    + "data residency, https://SUBDOMAIN.ghe.com.";
            case GITLAB -> "Enter nothing (gitlab.com) or the server URL including any relative root "
                    + "(https://gitlab.example.com or https://example.com/gitlab), or its API URL (.../api/v4).";
            case BITBUCKET_CLOUD -> "Enter nothing (bitbucket.org), https://bitbucket.org or a bitbucket.org repository URL.";
            case BITBUCKET_DATA_CENTER -> "Enter the server URL including any context path "
                    + "(https://bitbucket.example.com or https://example.com/bitbucket), a clone URL (.../scm/PROJ/repo.git) "
                    + "or a browse URL (.../projects/PROJ/repos/repo).";
            case AZURE_DEVOPS -> "Enter the organisation URL (https://dev.azure.com/ORG or https://ORG.visualstudio.com), "
                    + "a Server collection URL (https://tfs.example.com/tfs/DefaultCollection) or a repository URL (.../_git/REPO).";
            case GITEA -> "Enter the server URL including any sub-path (https://gitea.example.com or "
                    + "https://example.com/forgejo), its API URL (.../api/v1) or a clone URL (.../OWNER/REPO.git).";
        };
    }

    private static HostEndpoint resolveGitHub(String host, String userInput) {
        if (!host.equals("github.com") && !host.equals("www.github.com") && !host.equals("api.github.com")) {
            throw new InvalidHostInputException("'" + userInput + "' is not github.com: for your own server "
                    + "(or GitHub Enterprise Cloud with data residency) choose GitHub Enterprise Server. "
                    + acceptedForms(HostKind.GITHUB));
        }
        return new HostEndpoint(HostKind.GITHUB, "https://github.com", "https://api.github.com");
    }

    private static HostEndpoint resolveGitHubEnterprise(String host, String origin, String userInput) {
        if (host.endsWith("github.com")) {
            throw new InvalidHostInputException(
                    "'" + userInput + "' is github.com: choose the GitHub host kind instead.");
        }
        if (host.endsWith(".ghe.com")) {
            // GitHub Enterprise Cloud with data residency: api.SUBDOMAIN.ghe.com, no /api/v3.
            String webHost = host.startsWith("api.") ? host.substring("api.".length()) : host;
            return new HostEndpoint(HostKind.GITHUB_ENTERPRISE, "https://" + webHost, "https://api." + webHost);
        }
        // GHES serves from the root of its host; any path is a repository or API path.
        return new HostEndpoint(HostKind.GITHUB_ENTERPRISE, origin, origin + "/api/v3");
    }

    private static HostEndpoint resolveGitLab(String host, String origin, List<String> segments) {
        if (host.equals("gitlab.com") || host.equals("www.gitlab.com")) {
            return new HostEndpoint(HostKind.GITLAB, "https://gitlab.com", "https://gitlab.com/api/v4");
        }
        List<String> root = cutBefore(segments, List.of("api"), true);
        if (root == null) {
            root = cutBefore(segments, List.of("-"), false);
        }
        if (root == null) {
            // A clone URL ends in .git; project paths nest arbitrarily, so the root is the host.
            root = isCloneUrl(segments) ? List.of() : segments;
        }
        String server = origin + joinPath(root);
        return new HostEndpoint(HostKind.GITLAB, server, server + "/api/v4");
    }

    private static HostEndpoint resolveBitbucketCloud(String host, String userInput) {
        if (!host.equals("bitbucket.org") && !host.equals("www.bitbucket.org") && !host.equals("api.bitbucket.org")) {
            throw new InvalidHostInputException("'" + userInput + "' is not bitbucket.org: for your own server "
                    + "choose Bitbucket Data Center. " + acceptedForms(HostKind.BITBUCKET_CLOUD));
        }
        return new HostEndpoint(HostKind.BITBUCKET_CLOUD, "https://bitbucket.org", "https://api.bitbucket.org/2.0");
    }

    private static HostEndpoint resolveBitbucketDataCenter(
            String host, String origin, List<String> segments, String userInput) {
        if (host.endsWith("bitbucket.org")) {
            throw new InvalidHostInputException(
                    "'" + userInput + "' is Bitbucket Cloud: choose the Bitbucket Cloud host kind instead.");
        }
        List<String> root = cutBefore(segments, List.of("rest", "scm", "projects", "users", "plugins"), false);
        String server = origin + joinPath(root == null ? segments : root);
        return new HostEndpoint(HostKind.BITBUCKET_DATA_CENTER, server, server + "/rest/api/latest");
    }

    private static HostEndpoint resolveAzureDevOps(String host, String origin, List<String> segments, String userInput) {
        if (host.equals("dev.azure.com")) {
            if (segments.isEmpty() || segments.get(0).startsWith("_")) {
                throw new InvalidHostInputException("'" + userInput + "' has no organisation. "
                        + acceptedForms(HostKind.AZURE_DEVOPS));
            }
            String org = "https://dev.azure.com/" + segments.get(0);
            return new HostEndpoint(HostKind.AZURE_DEVOPS, org, org);
        }
        if (host.endsWith(".visualstudio.com")) {
            String org = "https://" + host;
            return new HostEndpoint(HostKind.AZURE_DEVOPS, org, org);
        }
        // Azure DevOps Server: everything before the project (the segment ahead of _git) or before _apis.
        List<String> collection = segments;
        int git = segments.indexOf("_git");
        if (git >= 1) {
            collection = segments.subList(0, git - 1);
        } else {
            List<String> beforeApis = cutBefore(segments, List.of("_apis", "_settings"), false);
            if (beforeApis != null) {
                collection = beforeApis;
            }
        }
        if (collection.isEmpty()) {
            throw new InvalidHostInputException("'" + userInput + "' has no collection. "
                    + acceptedForms(HostKind.AZURE_DEVOPS));
        }
        String url = origin + joinPath(collection);
        return new HostEndpoint(HostKind.AZURE_DEVOPS, url, url);
    }

    private static HostEndpoint resolveGitea(String origin, List<String> segments) {
        List<String> root = cutBefore(segments, List.of("api"), true);
        if (root == null) {
            root = isCloneUrl(segments) && segments.size() >= 2 ? segments.subList(0, segments.size() - 2) : segments;
        }
        String server = origin + joinPath(root);
        return new HostEndpoint(HostKind.GITEA, server, server + "/api/v1");
    }

    private static List<String> pathSegments(String path) {
        List<String> segments = new ArrayList<>();
        if (path != null) {
            for (String s : path.split("/")) {
                if (!s.isEmpty()) {
                    segments.add(s);
                }
            }
        }
        return segments;
    }

    /**
     * The segments before the first marker, or null if no marker is present. With {@code versioned}, the
     * marker must be followed by a version segment ("api", "v4").
     */
    private static List<String> cutBefore(List<String> segments, List<String> markers, boolean versioned) {
        for (int i = 0; i < segments.size(); i++) {
            if (markers.contains(segments.get(i))
                    && (!versioned || (i + 1 < segments.size() && segments.get(i + 1).matches("v\\d+")))) {
                return segments.subList(0, i);
            }
        }
        return null;
    }

    private static boolean isCloneUrl(List<String> segments) {
        return !segments.isEmpty() && segments.get(segments.size() - 1).endsWith(".git");
    }

    private static String joinPath(List<String> segments) {
        return segments.isEmpty() ? "" : "/" + String.join("/", segments);
    }

    // ---------------------------------------------------------------- token kinds

    /** The kind a token's format reveals, whatever the host; empty when the format says nothing. */
    public static Optional<TokenKind> detectTokenKind(SecretText token) {
        String value = token.reveal();
        Optional<TokenKind> byPrefix = Arrays.stream(TokenKind.values())
                .filter(k -> k.prefix().isPresent() && value.startsWith(k.prefix().get()))
                // github_pat_ and ghp_ share no prefix, but keep the longest match first to stay safe.
                .max((a, b) -> Integer.compare(a.prefix().get().length(), b.prefix().get().length()));
        if (byPrefix.isPresent()) {
            return byPrefix;
        }
        if (AZURE_LEGACY_PAT.matcher(value).matches()
                || (value.length() == AZURE_PAT_LENGTH
                        && value.startsWith("AZDO", AZURE_SIGNATURE_OFFSET))) {
            return Optional.of(TokenKind.AZURE_DEVOPS_PAT);
        }
        return Optional.empty();
    }

    /**
     * The token kind to use: the declared one if it fits the token's format, otherwise the detected one, otherwise
     * the host's default.
     *
     * @throws InvalidHostInputException when the token belongs to another host, is a kind that cannot call the
     *     host at all, or contradicts the declared kind. The message never contains the token.
     */
    public static TokenKind requireTokenKind(HostKind host, SecretText token, TokenKind declared) {
        if (token.reveal().chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ' ')) {
            throw new InvalidHostInputException(
                    "The token contains spaces or line breaks: paste the token value alone, on one line.");
        }
        Optional<TokenKind> detected = detectTokenKind(token);
        if (detected.isPresent() && !detected.get().belongsTo(host)) {
            TokenKind other = detected.get();
            throw new InvalidHostInputException("This looks like a " + other.displayName()
                    + describePrefix(other) + ", but the credential is for " + host.displayName()
                    + ": paste a " + host.displayName() + " token, or create the credential for the right host.");
        }
        detected.ifPresent(HostCatalog::rejectUnusableKind);
        if (declared != null) {
            if (!declared.belongsTo(host)) {
                throw new InvalidHostInputException(
                        declared.displayName() + " is not a token kind of " + host.displayName() + ".");
            }
            if (detected.orElse(null) == TokenKind.BITBUCKET_APP_PASSWORD && declared != TokenKind.BITBUCKET_APP_PASSWORD) {
                throw new InvalidHostInputException("This is a Bitbucket Cloud app password (ATBB...). Atlassian removed "
                        + "app passwords on 2026-07-28: create an API token with Bitbucket scopes, or a repository, "
                        + "project or workspace access token, and paste that instead.");
            }
            if (detected.isPresent() && !detected.get().prefix().equals(declared.prefix())) {
                throw new InvalidHostInputException("The credential says " + declared.displayName()
                        + ", but the token looks like a " + detected.get().displayName() + describePrefix(detected.get())
                        + ": choose the matching token type or paste the right token.");
            }
            rejectUnusableKind(declared);
            return declared;
        }
        if (detected.isPresent()) {
            return detected.get();
        }
        return switch (host) {
            case GITHUB, GITHUB_ENTERPRISE -> {
                if (LEGACY_HEX_TOKEN.matcher(token.reveal()).matches()) {
                    yield TokenKind.GITHUB_CLASSIC_PAT; // tokens issued before 2021 have no prefix
                }
                throw new InvalidHostInputException("This does not look like a GitHub token: GitHub tokens start with "
                        + "ghp_ (classic), github_pat_ (fine-grained), gho_, ghu_ or ghs_. Paste the whole token.");
            }
            // Self-managed GitLab may configure its own token prefix.
            case GITLAB -> TokenKind.GITLAB_ACCESS_TOKEN;
            case BITBUCKET_CLOUD -> throw new InvalidHostInputException("Cannot tell which kind of Bitbucket Cloud "
                    + "token this is: API tokens start with ATATT, access tokens with ATCTT. Choose the token type.");
            case BITBUCKET_DATA_CENTER -> TokenKind.BITBUCKET_DC_PERSONAL_TOKEN;
            case AZURE_DEVOPS -> TokenKind.AZURE_DEVOPS_PAT;
            case GITEA -> TokenKind.GITEA_TOKEN;
        };
    }

    private static void rejectUnusableKind(TokenKind kind) {
        String why = switch (kind) {
            case GITHUB_REFRESH -> "cannot call the API or git: paste the access token (ghu_...) instead";
            case GITLAB_TRIGGER_TOKEN -> "can only trigger pipelines: create a personal, project or group access token";
            case GITLAB_RUNNER_TOKEN -> "belongs to a runner: create a personal, project or group access token";
            case GITLAB_CI_JOB_TOKEN -> "lives only as long as one GitLab CI job: create a project or group access token";
            default -> null;
        };
        if (why != null) {
            throw new InvalidHostInputException("This is a " + kind.displayName() + describePrefix(kind) + ", which " + why + ".");
        }
    }

    private static String describePrefix(TokenKind kind) {
        return kind.prefix().map(p -> " (" + p + "...)").orElse("");
    }

    // ---------------------------------------------------------------- authentication

    /**
     * The header that authenticates REST calls with this token.
     *
     * @param username the host account name (Bitbucket Cloud app passwords only)
     * @param email the Atlassian account email (Bitbucket Cloud API tokens only)
     */
    public static HostAuthentication restAuthentication(
            HostKind host, TokenKind kind, SecretText token, String username, String email) {
        requireBelongs(host, kind);
        return switch (kind) {
            case GITHUB_CLASSIC_PAT, GITHUB_FINE_GRAINED_PAT, GITHUB_OAUTH, GITHUB_USER_TO_SERVER, GITHUB_INSTALLATION ->
                    HostAuthentication.bearer(token);
            case GITLAB_ACCESS_TOKEN -> HostAuthentication.privateToken(token);
            case GITLAB_DEPLOY_TOKEN -> throw new InvalidHostInputException("GitLab deploy tokens work only for git "
                    + "and registries, not the REST API: use a project or group access token to call the API.");
            case BITBUCKET_API_TOKEN -> {
                if (isBlank(email)) {
                    throw new InvalidHostInputException("A Bitbucket Cloud API token needs the Atlassian account email "
                            + "for REST calls: fill in the email of the account that created the token.");
                }
                yield HostAuthentication.basic(email.strip(), token);
            }
            case BITBUCKET_APP_PASSWORD -> {
                if (isBlank(username)) {
                    throw new InvalidHostInputException(
                            "A Bitbucket Cloud app password needs the Bitbucket username: fill it in.");
                }
                yield HostAuthentication.basic(username.strip(), token);
            }
            case BITBUCKET_ACCESS_TOKEN, BITBUCKET_DC_PERSONAL_TOKEN, BITBUCKET_DC_PROJECT_TOKEN,
                    BITBUCKET_DC_REPOSITORY_TOKEN -> HostAuthentication.bearer(token);
            // Azure DevOps ignores the Basic username for PATs.
            case AZURE_DEVOPS_PAT -> HostAuthentication.basic("", token);
            case GITEA_TOKEN -> HostAuthentication.tokenScheme(token);
            case GITHUB_REFRESH, GITLAB_CI_JOB_TOKEN, GITLAB_TRIGGER_TOKEN, GITLAB_RUNNER_TOKEN -> {
                rejectUnusableKind(kind);
                throw new IllegalStateException("unreachable");
            }
        };
    }

    /**
     * How git authenticates over HTTPS with this token, following each host's username convention.
     *
     * @param username the configured git username, or null/blank for the host's convention
     */
    public static GitLogin gitLogin(HostKind host, TokenKind kind, SecretText token, String username) {
        requireBelongs(host, kind);
        String given = isBlank(username) ? null : username.strip();
        return switch (kind) {
            case GITHUB_INSTALLATION -> new GitLogin.Basic("x-access-token", token);
            case GITHUB_CLASSIC_PAT, GITHUB_FINE_GRAINED_PAT, GITHUB_OAUTH, GITHUB_USER_TO_SERVER ->
                    new GitLogin.Basic(given == null ? "x-access-token" : given, token);
            case GITLAB_ACCESS_TOKEN -> new GitLogin.Basic(given == null ? "oauth2" : given, token);
            case GITLAB_DEPLOY_TOKEN -> {
                if (given == null) {
                    throw new InvalidHostInputException(
                            "A GitLab deploy token needs its username (gitlab+deploy-token-N): fill it in.");
                }
                yield new GitLogin.Basic(given, token);
            }
            case BITBUCKET_API_TOKEN -> new GitLogin.Basic(given == null ? "x-bitbucket-api-token-auth" : given, token);
            case BITBUCKET_ACCESS_TOKEN -> new GitLogin.Basic("x-token-auth", token);
            case BITBUCKET_APP_PASSWORD -> {
                if (given == null) {
                    throw new InvalidHostInputException(
                            "A Bitbucket Cloud app password needs the Bitbucket username: fill it in.");
                }
                yield new GitLogin.Basic(given, token);
            }
            // Personal tokens also work as a Basic password; project and repository tokens only as Bearer.
            case BITBUCKET_DC_PERSONAL_TOKEN -> given == null
                    ? new GitLogin.BearerHeader(token)
                    : new GitLogin.Basic(given, token);
            case BITBUCKET_DC_PROJECT_TOKEN, BITBUCKET_DC_REPOSITORY_TOKEN -> new GitLogin.BearerHeader(token);
            case AZURE_DEVOPS_PAT -> new GitLogin.Basic(given == null ? "pat" : given, token);
            // Gitea and Forgejo take the token as the password and do not check the username.
            case GITEA_TOKEN -> new GitLogin.Basic(given == null ? "oauth2" : given, token);
            case GITHUB_REFRESH, GITLAB_CI_JOB_TOKEN, GITLAB_TRIGGER_TOKEN, GITLAB_RUNNER_TOKEN -> {
                rejectUnusableKind(kind);
                throw new IllegalStateException("unreachable");
            }
        };
    }

    private static void requireBelongs(HostKind host, TokenKind kind) {
        if (!kind.belongsTo(host)) {
            throw new InvalidHostInputException(
                    kind.displayName() + " cannot be used with " + host.displayName() + ".");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
