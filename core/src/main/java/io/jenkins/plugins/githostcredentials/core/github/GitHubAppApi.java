package io.jenkins.plugins.githostcredentials.core.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException.Problem;
import io.jenkins.plugins.githostcredentials.core.host.HostAuthentication;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.http.Failure;
import io.jenkins.plugins.githostcredentials.core.http.HostApiException;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import io.jenkins.plugins.githostcredentials.core.http.HostRequest;
import io.jenkins.plugins.githostcredentials.core.http.HostResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The GitHub REST calls of a GitHub App: installation lookup, minting, revoking. Authenticates with a fresh JWT per
 * call and corrects for a controller clock that differs from GitHub's. Holds no cache beyond the clock offset.
 */
final class GitHubAppApi {

    private static final Logger LOGGER = Logger.getLogger(GitHubAppApi.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String ACCEPT = "application/vnd.github+json";
    static final String API_VERSION = "2022-11-28";

    /** How many pages of /installation/repositories to read when explaining a refusal (100 names each). */
    private static final int MAX_REPOSITORY_PAGES = 10;

    private final HostHttpClient http;
    private final Clock clock;
    private final Map<String, Duration> skewByApiBase = new ConcurrentHashMap<>();

    GitHubAppApi(HostHttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** The current time as GitHub at this API base sees it: the local clock plus any skew learnt from GitHub. */
    Instant githubNow(GitHubApp app) {
        return githubNow(app.api().apiBaseUrl());
    }

    Instant githubNow(String apiBaseUrl) {
        return clock.instant().plus(skewByApiBase.getOrDefault(apiBaseUrl, Duration.ZERO));
    }

    /** The deadline for a call that may take {@code allowed}, by the clock the HTTP client checks deadlines with. */
    Instant deadlineAfter(Duration allowed) {
        return http.now().plus(allowed);
    }

    /** How long is left until {@code deadline} (a {@link #deadlineAfter} result), in nanoseconds, at least 0. */
    long nanosUntil(Instant deadline) {
        return Math.max(0, Duration.between(http.now(), deadline).toNanos());
    }

    // ---- installations ----

    /** @param deadline when to give up waiting for GitHub; null: only the HTTP client's timeouts apply */
    Installation findInstallation(GitHubApp app, InstallationLocator locator, Instant deadline)
            throws GitHubAppException {
        if (locator instanceof InstallationLocator.ById byId) {
            return installation(app, byId.installationId(), deadline);
        }
        if (locator instanceof InstallationLocator.ByRepository byRepository) {
            String path = "/repos/" + byRepository.owner() + "/" + byRepository.repository() + "/installation";
            HostResponse response = callAsApp(app, "looking up " + locator.describe(), deadline, jwt -> get(app, path, jwt));
            if (response.status() == 404) {
                throw new GitHubAppException(Problem.NOT_INSTALLED, 404, "The GitHub App " + app.issuer()
                        + " is not installed on the repository " + byRepository.owner() + "/" + byRepository.repository()
                        + " (or the repository does not exist). Install the app on " + byRepository.owner()
                        + "; if the installation is limited to selected repositories, add this repository to it.");
            }
            return parseInstallation(requireSuccess(app, response, "looking up " + locator.describe()));
        }
        String owner = ((InstallationLocator.ByOwner) locator).owner();
        HostResponse response =
                callAsApp(app, "looking up " + locator.describe(), deadline,
                        jwt -> get(app, "/orgs/" + owner + "/installation", jwt));
        if (response.status() == 404) {
            // not an organization, or not installed there: try the user account of that name
            response = callAsApp(app, "looking up " + locator.describe(), deadline,
                    jwt -> get(app, "/users/" + owner + "/installation", jwt));
        }
        if (response.status() == 404) {
            throw new GitHubAppException(Problem.NOT_INSTALLED, 404, "The GitHub App " + app.issuer()
                    + " is not installed on the organization or user '" + owner + "' at " + app.api().hostName()
                    + ". Install it from the app's public page (Install App), or check the spelling of the account.");
        }
        return parseInstallation(requireSuccess(app, response, "looking up " + locator.describe()));
    }

    Installation installation(GitHubApp app, long installationId, Instant deadline) throws GitHubAppException {
        String doing = "reading installation " + installationId;
        HostResponse response =
                callAsApp(app, doing, deadline, jwt -> get(app, "/app/installations/" + installationId, jwt));
        if (response.status() == 404) {
            throw installationNotFound(app, installationId);
        }
        return parseInstallation(requireSuccess(app, response, doing));
    }

    // ---- tokens ----

    /** @param deadline when to give up waiting for GitHub; null: only the HTTP client's timeouts apply */
    InstallationToken mint(GitHubApp app, long installationId, Narrowing narrowing, Instant deadline)
            throws GitHubAppException {
        String doing = "minting a token for installation " + installationId;
        requireOfferedBy(app, narrowing);
        String body = mintBody(narrowing);
        String path = "/app/installations/" + installationId + "/access_tokens";
        HostResponse response = callAsApp(app, doing, deadline, jwt -> HostRequest.post(app.api().apiUrl(path), body)
                .auth(HostAuthentication.bearer(jwt))
                .header("Accept", ACCEPT)
                .header("X-GitHub-Api-Version", API_VERSION)
                .describedAs(doing));
        switch (response.status()) {
            case 201, 200 -> {
                InstallationToken token = parseToken(installationId, response);
                LOGGER.log(Level.FINE, "Minted a token for installation {0} at {1}: expires {2}, permissions {3}, "
                        + "repositories {4}", new Object[] {installationId, app.api().apiBaseUrl(), token.expiresAt(),
                                token.permissions(), token.repositorySelection().equals("all") ? "all" : token.repositories()});
                return token;
            }
            case 404 -> throw installationNotFound(app, installationId);
            case 422 -> throw explainRefusal(app, installationId, narrowing, response, deadline);
            case 403 -> throw new GitHubAppException(Problem.FORBIDDEN, 403, "GitHub refused " + doing + " (HTTP 403"
                    + messageSuffix(response) + "). If the installation is suspended, an owner of the account must "
                    + "unsuspend it in the installation's settings; otherwise check the app's permissions.");
            default -> throw failure(app, response, doing);
        }
    }

    /**
     * Revokes an installation token. A 401 means it already expired or was revoked, which is what was wanted.
     *
     * @param deadline when to give up, retries included; null: only the HTTP client's timeouts apply
     * @return whether GitHub confirmed the token is no longer usable; failures are logged, never thrown, because the
     *     token expires on its own anyway
     */
    boolean revoke(PendingRevocation revocation, Instant deadline) {
        HostRequest request = HostRequest.delete(revocation.apiBaseUrl() + "/installation/token")
                .auth(HostAuthentication.bearer(revocation.token()))
                .header("Accept", ACCEPT)
                .header("X-GitHub-Api-Version", API_VERSION)
                .describedAs("revoking a token of installation " + revocation.installationId());
        if (deadline != null) {
            request = request.deadline(deadline);
        }
        try {
            int status = http.execute(request).status();
            if (status == 204 || status == 401) {
                LOGGER.log(Level.FINE, "Revoked a token of installation {0} at {1} (HTTP {2})",
                        new Object[] {revocation.installationId(), revocation.apiBaseUrl(), status});
                return true;
            }
            LOGGER.log(Level.WARNING, "GitHub answered HTTP {0} when revoking a token of installation {1} at {2}; "
                    + "the token stays valid until {3}", new Object[] {status, revocation.installationId(),
                            revocation.apiBaseUrl(), revocation.expiresAt()});
        } catch (HostApiException e) {
            LOGGER.log(Level.WARNING, "Could not revoke a token of installation {0} at {1} ({2}); the token stays "
                    + "valid until {3}", new Object[] {revocation.installationId(), revocation.apiBaseUrl(),
                            e.getMessage(), revocation.expiresAt()});
        }
        return false;
    }

    /** What GitHub says of a token it minted earlier. */
    enum TokenCheck {
        /** GitHub accepted it just now. */
        ACCEPTED,
        /** GitHub answered 401: the token is no longer valid. */
        REJECTED,
        /** No verdict (GitHub failed, was slow or unreachable): no reason to drop the token. */
        UNKNOWN
    }

    /**
     * Asks GitHub whether it still accepts a token, with the cheapest call an installation token may always make
     * whatever it was granted: the first entry of {@code GET /installation/repositories}.
     */
    TokenCheck check(GitHubApp app, InstallationToken token, Instant deadline) {
        HostRequest request = HostRequest.get(app.api().apiUrl("/installation/repositories?per_page=1"))
                .auth(HostAuthentication.bearer(token.token()))
                .header("Accept", ACCEPT)
                .header("X-GitHub-Api-Version", API_VERSION)
                .describedAs("checking a token of installation " + token.installationId())
                .deadline(deadline);
        try {
            int status = http.execute(request).status();
            if (status == 401) {
                return TokenCheck.REJECTED;
            }
            return status >= 200 && status < 300 ? TokenCheck.ACCEPTED : TokenCheck.UNKNOWN;
        } catch (HostApiException e) {
            LOGGER.log(Level.FINE, "Could not check a token of installation {0} at {1}: {2}",
                    new Object[] {token.installationId(), app.api().apiBaseUrl(), e.getMessage()});
            return TokenCheck.UNKNOWN;
        }
    }

    // ---- JWT calls with clock-skew correction ----

    /**
     * Sends a request authenticated as the app. When GitHub rejects the JWT's time claims, the offset to GitHub's
     * clock is taken from the answer's Date header, remembered for this API base, and the call is made once more.
     */
    private HostResponse callAsApp(GitHubApp app, String doing, Instant deadline,
            Function<SecretText, HostRequest> request) throws GitHubAppException {
        HostResponse response = send(app, request.apply(app.createJwt(githubNow(app))), doing, deadline);
        if (response.status() != 401 || !rejectsTimeClaims(response)) {
            return response;
        }
        Instant localNow = clock.instant();
        Optional<Instant> githubTime = response.serverDate();
        if (githubTime.isEmpty()) {
            throw new GitHubAppException(Problem.APP_AUTHENTICATION_FAILED, 401, "GitHub rejected the app's JWT for "
                    + "its time claims" + messageSuffix(response) + ", and sent no Date header to correct the clock by. "
                    + "Synchronise this controller's clock (NTP).");
        }
        Duration offset = Duration.between(localNow, githubTime.get());
        skewByApiBase.put(app.api().apiBaseUrl(), offset);
        LOGGER.log(Level.WARNING, "This controller''s clock differs from the clock of {0} by {1} seconds; JWTs are now "
                + "signed with GitHub''s time. Synchronise the clock (NTP) to avoid this.",
                new Object[] {app.api().apiBaseUrl(), offset.toSeconds()});
        return send(app, request.apply(app.createJwt(localNow.plus(offset))), doing, deadline);
    }

    private static boolean rejectsTimeClaims(HostResponse response) {
        String message = response.hostMessage().orElse("").toLowerCase(Locale.ROOT);
        return message.contains("('exp')") || message.contains("('iat')")
                || message.contains("expiration time") || message.contains("issued at");
    }

    private HostResponse send(GitHubApp app, HostRequest request, String doing, Instant deadline)
            throws GitHubAppException {
        try {
            return http.execute(deadline == null ? request : request.deadline(deadline));
        } catch (HostApiException e) {
            Problem problem = e.failure() == Failure.RATE_LIMITED ? Problem.RATE_LIMITED : Problem.HOST_UNAVAILABLE;
            throw new GitHubAppException(problem, e.status(), "Could not finish " + doing + " at "
                    + app.api().apiBaseUrl() + ": " + e.getMessage(), e);
        }
    }

    private static HostRequest get(GitHubApp app, String path, SecretText jwt) {
        return HostRequest.get(app.api().apiUrl(path))
                .auth(HostAuthentication.bearer(jwt))
                .header("Accept", ACCEPT)
                .header("X-GitHub-Api-Version", API_VERSION);
    }

    // ---- explaining failures ----

    private HostResponse requireSuccess(GitHubApp app, HostResponse response, String doing) throws GitHubAppException {
        if (response.isSuccessful()) {
            return response;
        }
        throw failure(app, response, doing);
    }

    private static GitHubAppException failure(GitHubApp app, HostResponse response, String doing) {
        int status = response.status();
        String github = "(HTTP " + status + messageSuffix(response) + ")";
        if (status == 401) {
            return new GitHubAppException(Problem.APP_AUTHENTICATION_FAILED, status, "GitHub rejected the app's "
                    + "credentials while " + doing + " " + github + ". Check that the App ID / Client ID '"
                    + app.issuer() + "' and the private key with fingerprint " + app.key().fingerprint()
                    + " belong to the same app, and that this key is still listed under 'Private keys' in the app's "
                    + "settings on " + app.api().hostName() + ".");
        }
        if (status == 403) {
            return new GitHubAppException(Problem.FORBIDDEN, status, "GitHub refused " + doing + " " + github + ".");
        }
        if (status == 404) {
            return new GitHubAppException(Problem.NOT_INSTALLED, status, "GitHub found nothing while " + doing + " "
                    + github + ".");
        }
        if (status == 429) {
            return new GitHubAppException(Problem.RATE_LIMITED, status, "GitHub's rate limit was reached while "
                    + doing + " " + github + ". Try again later.");
        }
        if (status >= 500) {
            return new GitHubAppException(Problem.HOST_UNAVAILABLE, status, "GitHub failed while " + doing + " "
                    + github + ". This is usually temporary: try again in a few minutes.");
        }
        return new GitHubAppException(Problem.UNEXPECTED_RESPONSE, status, "GitHub answered unexpectedly while "
                + doing + " " + github + ".");
    }

    private static GitHubAppException installationNotFound(GitHubApp app, long installationId) {
        return new GitHubAppException(Problem.NOT_INSTALLED, 404, "Installation " + installationId + " of the GitHub "
                + "App " + app.issuer() + " was not found at " + app.api().hostName() + ". It may have been "
                + "uninstalled, or belong to another app: check the number at the end of the URL of the "
                + "installation's settings page, or look the installation up by organization or repository.");
    }

    /**
     * GitHub's 422 only says that something requested is not granted. Reads the installation to say which permission
     * or repository is missing and what the installation does have.
     */
    private GitHubAppException explainRefusal(GitHubApp app, long installationId, Narrowing narrowing,
            HostResponse refusal, Instant deadline) {
        StringBuilder message = new StringBuilder("GitHub refused to mint a narrowed token for installation ")
                .append(installationId).append(" (HTTP 422").append(messageSuffix(refusal)).append(").");
        Installation installation;
        try {
            installation = installation(app, installationId, deadline);
        } catch (GitHubAppException e) {
            message.append(" Reading the installation to explain why also failed: ").append(e.getMessage());
            return new GitHubAppException(Problem.NARROWING_REFUSED, 422, message.toString(), e);
        }
        List<String> lacking = new ArrayList<>();
        narrowing.permissions().forEach((name, level) -> {
            String granted = installation.permissions().get(name);
            if (granted == null) {
                lacking.add(name + ": " + level + " (not granted at all)");
            } else if (!AppPermissions.covers(granted, level)) {
                lacking.add(name + ": " + level + " (it has " + name + ": " + granted + ")");
            }
        });
        if (!lacking.isEmpty()) {
            message.append(" The installation on '").append(installation.account()).append("' lacks ")
                    .append(String.join(", ", lacking)).append(". It has ").append(describe(installation.permissions()))
                    .append(". Add the permission in the app's settings (Permissions & events) and have an owner of '")
                    .append(installation.account()).append("' accept it, or ask for less.");
        }
        if (!narrowing.repositories().isEmpty()) {
            explainRepositories(app, installation, narrowing.repositories(), message, deadline);
        }
        return new GitHubAppException(Problem.NARROWING_REFUSED, 422, message.toString());
    }

    private void explainRepositories(GitHubApp app, Installation installation, Set<String> requested,
            StringBuilder message, Instant deadline) {
        Optional<List<String>> reachable = reachableRepositories(app, installation, deadline);
        if (reachable.isEmpty()) {
            message.append(" The repositories the installation can reach could not be listed.");
            return;
        }
        Set<String> reachableLower = new LinkedHashSet<>();
        reachable.get().forEach(name -> reachableLower.add(name.toLowerCase(Locale.ROOT)));
        List<String> missing = requested.stream().filter(name -> !reachableLower.contains(name)).toList();
        if (missing.isEmpty()) {
            return;
        }
        if (installation.coversAllRepositories()) {
            message.append(" The installation covers all repositories of '").append(installation.account())
                    .append("', but ").append(String.join(", ", missing))
                    .append(" is not among them: check the spelling, or whether it was renamed, moved or deleted.");
        } else {
            List<String> shown = reachable.get().stream().limit(20).toList();
            message.append(" The installation on '").append(installation.account())
                    .append("' is limited to selected repositories and cannot reach ").append(String.join(", ", missing))
                    .append(". It can reach ").append(shown.isEmpty() ? "none" : String.join(", ", shown))
                    .append(reachable.get().size() > shown.size() ? " and " + (reachable.get().size() - shown.size()) + " more" : "")
                    .append(". Add the repository in the installation's settings (Repository access), or do not ask for it.");
        }
    }

    /**
     * Lists the repositories an installation reaches, with a short-lived unnarrowed token that is revoked at once.
     * Only used to explain a refusal, never on the normal path.
     */
    private Optional<List<String>> reachableRepositories(GitHubApp app, Installation installation, Instant deadline) {
        InstallationToken probe;
        try {
            probe = mint(app, installation.id(), Narrowing.none(), deadline);
        } catch (GitHubAppException e) {
            return Optional.empty();
        }
        try {
            List<String> names = new ArrayList<>();
            for (int page = 1; page <= MAX_REPOSITORY_PAGES; page++) {
                HostRequest listing = HostRequest.get(app.api().apiUrl(
                                "/installation/repositories?per_page=100&page=" + page))
                        .auth(HostAuthentication.bearer(probe.token()))
                        .header("Accept", ACCEPT)
                        .header("X-GitHub-Api-Version", API_VERSION)
                        .describedAs("listing the repositories of installation " + installation.id());
                HostResponse response = http.execute(deadline == null ? listing : listing.deadline(deadline));
                if (!response.isSuccessful()) {
                    return Optional.empty();
                }
                JsonNode repositories = response.json().path("repositories");
                repositories.forEach(repository -> names.add(repository.path("name").asText()));
                if (repositories.size() < 100) {
                    break;
                }
            }
            return Optional.of(names);
        } catch (HostApiException e) {
            return Optional.empty();
        } finally {
            // on the caller's thread: this explains an error, the caller is not waiting for a token
            revoke(PendingRevocation.of(app, probe), deadline);
        }
    }

    // ---- wire formats ----

    static String mintBody(Narrowing narrowing) {
        ObjectNode body = JSON.createObjectNode();
        if (!narrowing.repositories().isEmpty()) {
            narrowing.repositories().forEach(body.putArray("repositories")::add);
        }
        if (!narrowing.permissions().isEmpty()) {
            ObjectNode permissions = body.putObject("permissions");
            narrowing.permissions().forEach(permissions::put);
        }
        return body.toString();
    }

    private static Installation parseInstallation(HostResponse response) throws GitHubAppException {
        JsonNode json = json(response);
        long id = json.path("id").asLong(0);
        if (id <= 0) {
            throw new GitHubAppException(Problem.UNEXPECTED_RESPONSE, response.status(),
                    "GitHub's answer about the installation has no installation id.");
        }
        JsonNode account = json.path("account");
        return new Installation(id,
                account.path("login").asText(account.path("slug").asText("")),
                account.path("type").asText(account.has("slug") ? "Enterprise" : ""),
                json.path("repository_selection").asText(""),
                permissions(json.path("permissions")),
                !json.path("suspended_at").isMissingNode() && !json.path("suspended_at").isNull());
    }

    private static InstallationToken parseToken(long installationId, HostResponse response) throws GitHubAppException {
        JsonNode json = json(response);
        String token = json.path("token").asText("");
        if (token.isBlank()) {
            throw new GitHubAppException(Problem.UNEXPECTED_RESPONSE, response.status(),
                    "GitHub's answer to minting a token for installation " + installationId + " contains no token.");
        }
        Instant expiresAt;
        try {
            expiresAt = OffsetDateTime.parse(json.path("expires_at").asText("")).toInstant();
        } catch (DateTimeParseException e) {
            throw new GitHubAppException(Problem.UNEXPECTED_RESPONSE, response.status(), "GitHub's answer to minting a "
                    + "token for installation " + installationId + " has no readable expires_at.");
        }
        List<String> repositories = new ArrayList<>();
        json.path("repositories").forEach(repository -> repositories.add(repository.path("name").asText()));
        return new InstallationToken(installationId, SecretText.of(token), expiresAt,
                permissions(json.path("permissions")), json.path("repository_selection").asText(""), repositories);
    }

    private static Map<String, String> permissions(JsonNode node) {
        Map<String, String> permissions = new LinkedHashMap<>();
        node.properties().forEach(field -> permissions.put(field.getKey(), field.getValue().asText()));
        return permissions;
    }

    /** Narrowing accepts what any GitHub offers; this host may lack some of it (team_discussions on github.com). */
    private static void requireOfferedBy(GitHubApp app, Narrowing narrowing) throws GitHubAppException {
        HostKind host = app.api().kind();
        List<String> problems = new ArrayList<>();
        narrowing.permissions().forEach((name, level) ->
                AppPermissions.problemWith(name, level, host).ifPresent(problems::add));
        if (!problems.isEmpty()) {
            throw new GitHubAppException(Problem.NARROWING_REFUSED, 0, String.join(" ", problems));
        }
    }

    private static JsonNode json(HostResponse response) throws GitHubAppException {
        try {
            return response.json();
        } catch (HostApiException e) {
            throw new GitHubAppException(Problem.UNEXPECTED_RESPONSE, response.status(), e.getMessage(), e);
        }
    }

    /** ": GitHub's message" (shortened, the JWT or token cut out), or nothing. */
    private static String messageSuffix(HostResponse response) {
        return response.hostMessage().map(message -> ": " + message).orElse("");
    }

    private static String describe(Map<String, String> permissions) {
        if (permissions.isEmpty()) {
            return "no permissions";
        }
        List<String> parts = new ArrayList<>();
        permissions.forEach((name, level) -> parts.add(name + ": " + level));
        return String.join(", ", parts);
    }
}
