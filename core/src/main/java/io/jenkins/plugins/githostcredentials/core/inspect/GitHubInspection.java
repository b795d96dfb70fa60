package io.jenkins.plugins.githostcredentials.core.inspect;

import static io.jenkins.plugins.githostcredentials.core.inspect.HostSession.jsonOrEmpty;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.githostcredentials.core.capability.Capability;
import io.jenkins.plugins.githostcredentials.core.capability.GrantedScopes;
import io.jenkins.plugins.githostcredentials.core.capability.Need;
import io.jenkins.plugins.githostcredentials.core.capability.PermissionDialect;
import io.jenkins.plugins.githostcredentials.core.capability.RawPermission;
import io.jenkins.plugins.githostcredentials.core.capability.ScopeAdvice;
import io.jenkins.plugins.githostcredentials.core.capability.ScopeRule;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import io.jenkins.plugins.githostcredentials.core.http.HostApiException;
import io.jenkins.plugins.githostcredentials.core.http.HostResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * GitHub and GitHub Enterprise Server. Classic tokens report their scopes in {@code X-OAuth-Scopes}; fine-grained
 * and app user tokens cannot be asked for their permissions, so they are probed on the repository; installation
 * tokens are judged by the grant they were minted with and the installation's repository list.
 */
final class GitHubInspection {

    /** Classic scopes a CI job almost never needs and that do great harm when a token leaks. */
    private static final List<String> DANGEROUS_SCOPES = List.of(
            "admin:org", "delete_repo", "admin:enterprise", "site_admin", "admin:org_hook", "delete:packages",
            "admin:repo_hook", "admin:public_key", "admin:gpg_key");

    /** App permissions that let a leaked installation token change who may do what. */
    private static final Map<String, String> DANGEROUS_PERMISSIONS = Map.of(
            "administration", "write", "organization_administration", "write", "members", "write");

    /** Installation repository pages to read (100 each) before giving up on finding the repository. */
    private static final int MAX_REPOSITORY_PAGES = 30;

    private static final DateTimeFormatter EXPIRATION =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[ XX][ XXX][ 'UTC']", Locale.ROOT);

    private final HostSession session;
    private final ReportDraft draft;
    private final TokenKind kind;
    private final String repository;

    /** GET /repos/{owner}/{repo}: the repository as this token sees it; missing node when not visible. */
    private JsonNode repo;
    private boolean repoVisible;
    private String repoInvisibleWhy = "";
    private final ProbeCache probes = new ProbeCache();
    private String headSha;
    private boolean headShaLooked;

    GitHubInspection(HostSession session, ReportDraft draft) {
        this.session = session;
        this.draft = draft;
        this.kind = draft.kind();
        this.repository = draft.repository;
    }

    void run() throws HostApiException {
        if (kind == TokenKind.GITHUB_INSTALLATION) {
            runInstallation();
            return;
        }
        HostResponse user = session.get(api("/user"), "reading the token's user");
        if (user.status() == 401) {
            draft.failed("GitHub refused the token (HTTP 401" + session.says(user).map(s -> ": " + s).orElse("")
                    + "): it is wrong, expired or revoked. Create a new token and update the credential.");
            return;
        }
        JsonNode me = user.requireSuccess().json();
        String login = me.path("login").asText("");
        String name = me.path("name").asText("");
        draft.authenticated(name.isBlank() || name.equals(login) ? login : login + " (" + name + ")");
        readExpiry(user);
        Optional<String> scopesHeader = user.header("X-OAuth-Scopes");
        if (ScopeAdvice.usesClassicScopes(kind) && scopesHeader.isPresent()) {
            judgeClassic(GrantedScopes.fromHeader(PermissionDialect.GITHUB, scopesHeader.get()));
        } else {
            if (ScopeAdvice.usesClassicScopes(kind)) {
                draft.note("GitHub sent no X-OAuth-Scopes header, so this does not behave like a classic token; "
                        + "its permissions were probed instead.");
            }
            judgeByProbes();
        }
    }

    // ---------------------------------------------------------------- classic scopes

    private void judgeClassic(GrantedScopes scopes) throws HostApiException {
        draft.granted("Scopes", scopes.reported());
        if (repository != null) {
            loadRepository();
        }
        boolean publicRepo = repoVisible && !repo.path("private").asBoolean(true);
        for (Need need : draft.open()) {
            if (need instanceof Capability capability) {
                ScopeRule rule = draft.rule(capability);
                ScopeRule effective = publicRepo ? publicRepositoryRule(capability, rule) : rule;
                if (!scopes.satisfies(effective)) {
                    draft.record(need, Verdict.missing("X-OAuth-Scopes lists " + scopes + "; none covers "
                            + effective.wording(), rule.recommendation()));
                } else if (capability == Capability.READ_USER) {
                    draft.record(need, Verdict.granted("scope " + rule.wording() + " is granted"));
                } else {
                    draft.record(need, userMayOnRepository(capability, "the scopes (" + scopes + ") cover it"));
                }
            } else {
                RawPermission raw = (RawPermission) need;
                Optional<ScopeRule> equivalent = ScopeAdvice.classicEquivalent(raw);
                if (equivalent.isEmpty()) {
                    draft.record(need, Verdict.unknown("no classic scope is known to grant " + raw.wording()
                            + "; a classic token may not be able to do it at all", raw.wording()));
                } else if (scopes.satisfies(equivalent.get())) {
                    draft.record(need, Verdict.granted("scope " + equivalent.get().wording() + " is granted"));
                } else {
                    draft.record(need, Verdict.missing("X-OAuth-Scopes lists " + scopes + "; none covers "
                            + equivalent.get().wording(), equivalent.get().recommendation()));
                }
            }
        }
        warnAboutDangerousScopes(scopes);
    }

    /** On a public repository anyone may read, and public_repo is enough for the rest. */
    private static ScopeRule publicRepositoryRule(Capability capability, ScopeRule rule) {
        return switch (capability) {
            case CHECKOUT -> ScopeRule.nothing();
            case PUSH, COMMIT_STATUS, PULL_REQUEST_COMMENT -> ScopeRule.anyOf(rule.recommendation(), "public_repo");
            default -> rule;
        };
    }

    private void warnAboutDangerousScopes(GrantedScopes scopes) {
        Set<String> askedFor = new java.util.HashSet<>();
        for (Need need : draft.needs()) {
            if (need instanceof RawPermission raw && !raw.isGitHubPermission()) {
                askedFor.add(raw.name());
            }
        }
        for (String scope : DANGEROUS_SCOPES) {
            if (scopes.reported().contains(scope) && !askedFor.contains(scope)) {
                draft.warn("Over-privileged: the token has " + scope + ", which this job does not need. Create a "
                        + "token without it: a leaked token with " + scope + " can do lasting damage.");
            }
        }
    }

    // ---------------------------------------------------------------- probes

    private void judgeByProbes() throws HostApiException {
        draft.note("GitHub offers no call that lists a " + kind.displayName() + "'s permissions; they are probed "
                + "on the repository with reads and with requests GitHub must reject as invalid (nothing is created).");
        if (repository == null) {
            for (Need need : draft.open()) {
                if (need == Capability.READ_USER) {
                    draft.record(need, Verdict.granted("GET /user answered for " + draft.identity()));
                } else {
                    draft.record(need, Verdict.unknown("GitHub cannot list the permissions of a "
                            + kind.displayName() + ": name a repository to probe them", draft.toGrantFor(need)));
                }
            }
            return;
        }
        loadRepository();
        for (Need need : draft.open()) {
            if (need == Capability.READ_USER) {
                draft.record(need, Verdict.granted("GET /user answered for " + draft.identity()));
            } else if (!repoVisible) {
                draft.record(need, Verdict.missing(repoInvisibleWhy, "repository access to " + repository));
            } else if (need instanceof Capability capability) {
                draft.record(need, probeCapability(capability));
            } else {
                draft.record(need, probeRaw((RawPermission) need));
            }
        }
    }

    private Verdict probeCapability(Capability capability) {
        return switch (capability) {
            case CHECKOUT -> checkoutProbe();
            case PUSH -> pushVerdict();
            case COMMIT_STATUS -> statusProbe();
            case PULL_REQUEST_COMMENT -> pullRequestCommentProbe();
            case CHECKS -> checksProbe();
            case READ_USER -> Verdict.granted("GET /user answered for " + draft.identity());
        };
    }

    private Verdict probeRaw(RawPermission raw) {
        if (!raw.isGitHubPermission()) {
            return Verdict.unknown(raw.name() + " is a classic token scope, and this " + kind.displayName()
                    + " has permissions instead: ask for github:NAME=LEVEL", raw.wording());
        }
        String permission = raw.wording();
        Verdict verdict = switch (permission) {
            case "metadata:read" -> Verdict.granted("GET /repos/" + repository + " answered");
            case "contents:read" -> checkoutProbe();
            case "contents:write" -> pushVerdict();
            case "statuses:write" -> statusProbe();
            case "pull_requests:write" -> pullsWriteProbe();
            case "issues:write" -> issuesWriteProbe();
            case "checks:write" -> checksProbe();
            case "statuses:read" -> readProbe("statuses:read",
                    () -> "/repos/" + repository + "/commits/" + headShaOrDefaultBranch() + "/statuses?per_page=1");
            case "pull_requests:read" -> readProbe("pull_requests:read", () -> "/repos/" + repository + "/pulls?per_page=1");
            case "issues:read" -> readProbe("issues:read", () -> "/repos/" + repository + "/issues?per_page=1");
            case "actions:read" -> readProbe("actions:read", () -> "/repos/" + repository + "/actions/runs?per_page=1");
            default -> Verdict.unknown("no probe that changes nothing exists for " + permission
                    + "; it shows when the job uses it", permission);
        };
        return verdict.grant(permission);
    }

    private Verdict checkoutProbe() {
        return probes.once("contents:read", () -> {
            HostResponse commits = session.get(api("/repos/" + repository + "/commits?per_page=1"),
                    "probing read access to the code of " + repository);
            if (commits.isSuccessful()) {
                headSha = jsonOrEmpty(commits).path(0).path("sha").asText(null);
                headShaLooked = true;
                return Verdict.granted("listing commits of " + repository + " worked");
            }
            headShaLooked = true;
            if (commits.status() == 409) {
                return Verdict.granted(repository + " is empty, but GitHub let the token look at its commits");
            }
            return refusal(commits, "contents:read");
        });
    }

    /**
     * GitHub has no request that proves a fine-grained token may write contents without writing: the user's own
     * role is read from the repository, and the token's grant stays unknown unless the role already rules it out.
     */
    private Verdict pushVerdict() {
        if (!repo.path("permissions").path("push").asBoolean(false)) {
            return Verdict.missing(draft.identity() + " has no write access to " + repository
                    + ", so no token of theirs can push", "write access to " + repository + " for " + draft.identity());
        }
        return Verdict.unknown("GitHub offers no read-only way to ask whether this token may write contents; "
                + "it can if it was given Contents: Read and write (" + draft.identity() + " may push)",
                "contents:write");
    }

    /**
     * POST /repos/{o}/{r}/statuses/{sha} with an empty body: GitHub checks the permission first (403 with
     * X-Accepted-GitHub-Permissions when it is missing) and then rejects the body for lacking "state" (422).
     * A status without a state cannot be created, so nothing changes.
     */
    private Verdict statusProbe() {
        return probes.once("statuses:write", () -> {
            String sha = headSha();
            if (sha == null) {
                return Verdict.unknown("no commit to probe against: " + repository
                        + " is empty or its code is not readable", "statuses:write");
            }
            HostResponse answer = session.post(api("/repos/" + repository + "/statuses/" + sha), "{}",
                    "probing commit status permission on " + repository);
            return validationProbe(answer, "statuses:write", "setting a commit status");
        });
    }

    private Verdict pullRequestCommentProbe() {
        Verdict pulls = pullsWriteProbe();
        if (pulls.status() == CapabilityCheck.Status.GRANTED) {
            return pulls;
        }
        Verdict issues = issuesWriteProbe();
        if (issues.status() == CapabilityCheck.Status.GRANTED) {
            return issues;
        }
        return pulls.status() == CapabilityCheck.Status.MISSING && issues.status() == CapabilityCheck.Status.MISSING
                ? Verdict.missing("neither pull_requests:write nor issues:write is granted (" + pulls.reason() + ")",
                        "pull_requests:write")
                : Verdict.unknown(pulls.reason(), "pull_requests:write");
    }

    /**
     * POST /repos/{o}/{r}/pulls with an empty body: a pull request needs head, base and title, so GitHub answers
     * 422 once the permission check (403 otherwise) has passed; nothing is opened.
     */
    private Verdict pullsWriteProbe() {
        return probes.once("pull_requests:write", () -> validationProbe(
                session.post(api("/repos/" + repository + "/pulls"), "{}",
                        "probing pull request permission on " + repository),
                "pull_requests:write", "writing pull requests"));
    }

    /** POST /repos/{o}/{r}/issues with an empty body: an issue needs a title, so 422 when allowed, 403 when not. */
    private Verdict issuesWriteProbe() {
        return probes.once("issues:write", () -> validationProbe(
                session.post(api("/repos/" + repository + "/issues"), "{}",
                        "probing issue permission on " + repository),
                "issues:write", "writing issues"));
    }

    /** POST /repos/{o}/{r}/check-runs with an empty body: a check run needs name and head_sha, so 422 when allowed. */
    private Verdict checksProbe() {
        return probes.once("checks:write", () -> validationProbe(
                session.post(api("/repos/" + repository + "/check-runs"), "{}",
                        "probing check run permission on " + repository),
                "checks:write", "creating check runs"));
    }

    private Verdict readProbe(String permission, Supplier<String> path) {
        return probes.once(permission, () -> {
            HostResponse answer = session.get(api(path.get()), "probing " + permission + " on " + repository);
            return answer.isSuccessful()
                    ? Verdict.granted("GET " + path.get().replaceAll("\\?.*", "") + " worked")
                    : refusal(answer, permission);
        });
    }

    private Verdict validationProbe(HostResponse answer, String permission, String what) {
        if (answer.status() == 422) {
            return Verdict.granted("GitHub accepted the token for " + what + " and rejected only the deliberately "
                    + "empty request (HTTP 422), so " + permission + " is granted");
        }
        return refusal(answer, permission);
    }

    private Verdict refusal(HostResponse answer, String permission) {
        if (answer.status() == 403 || answer.status() == 404) {
            String accepted = answer.header("X-Accepted-GitHub-Permissions")
                    .map(p -> "; GitHub wants " + p.strip() + " (';' separates alternatives)").orElse("");
            String why = answer.status() == 404
                    ? "GitHub answered 404: the token cannot see this part of " + repository
                    : "GitHub refused the token (HTTP 403)";
            return Verdict.missing(why + accepted + session.quoted(answer), permission);
        }
        return Verdict.unknown("GitHub answered HTTP " + answer.status() + " to the probe" + session.quoted(answer),
                permission);
    }

    private String headSha() {
        if (!headShaLooked) {
            checkoutProbe();
        }
        return headSha;
    }

    private String headShaOrDefaultBranch() {
        return headSha != null ? headSha : repo.path("default_branch").asText("HEAD");
    }

    // ---------------------------------------------------------------- installation tokens

    private void runInstallation() throws HostApiException {
        InstallationRepositories repositories = readInstallationRepositories();
        if (repositories == null) {
            return;
        }
        InstallationGrant grant = draft.request.installationGrant();
        // The mint answer names the selection; the listing is the fallback for tokens minted elsewhere.
        String selection = grant != null && !grant.repositorySelection().isEmpty()
                ? grant.repositorySelection()
                : repositories.selection;
        draft.authenticated("GitHub App installation"
                + (repositories.owner.isEmpty() ? "" : " on " + repositories.owner)
                + " (repository selection: " + selection + ")");
        if (grant == null) {
            draft.note("No installation grant was passed in: the permissions were probed instead.");
            judgeByProbes();
            return;
        }
        Map<String, String> permissions = new TreeMap<>(grant.permissions());
        List<String> shown = new ArrayList<>();
        permissions.forEach((name, level) -> shown.add(name + ":" + level));
        draft.granted("Permissions", shown);
        String notInInstallation = null;
        if (repository != null) {
            boolean narrowedAway = !grant.repositories().isEmpty()
                    && grant.repositories().stream().noneMatch(r -> sameRepository(r, repository));
            if (narrowedAway) {
                notInInstallation = "the token was minted for " + String.join(", ", grant.repositories())
                        + " only, not " + repository;
            } else if (!repositories.found && repositories.complete) {
                notInInstallation = repository + " is not among the installation's repositories (selection: "
                        + selection + ")";
            } else if (!repositories.found) {
                draft.note("The installation has more than " + MAX_REPOSITORY_PAGES * 100
                        + " repositories; " + repository + " was not among the first ones read.");
            }
        }
        for (Need need : draft.open()) {
            if (notInInstallation != null) {
                draft.record(need, Verdict.missing(notInInstallation,
                        "add " + repository + " to the GitHub App installation's repository access"));
                continue;
            }
            if (need instanceof Capability capability) {
                ScopeRule rule = draft.rule(capability);
                draft.record(need, rule.satisfiedByGitHubPermissions(permissions)
                        ? Verdict.granted("the installation grant has " + rule.wording() + onRepository())
                        : Verdict.missing("the installation grant lacks " + rule.wording(), rule.recommendation()));
            } else {
                RawPermission raw = (RawPermission) need;
                if (!raw.isGitHubPermission()) {
                    draft.record(need, Verdict.unsupported("installation tokens carry permissions, not OAuth scopes "
                            + "such as " + raw.name() + ": ask for github:NAME=LEVEL"));
                } else {
                    ScopeRule rule = ScopeRule.of(raw.wording());
                    draft.record(need, rule.satisfiedByGitHubPermissions(permissions)
                            ? Verdict.granted("the installation grant has " + raw.wording() + onRepository())
                            : Verdict.missing("the installation grant lacks " + raw.wording(), raw.wording()));
                }
            }
        }
        DANGEROUS_PERMISSIONS.forEach((name, level) -> {
            boolean asked = draft.needs().stream().anyMatch(n -> n instanceof RawPermission r && r.name().equals(name));
            if (ScopeRule.of(name + ":" + level).satisfiedByGitHubPermissions(permissions) && !asked) {
                draft.warn("Over-privileged: the installation token has " + name + ":" + permissions.get(name)
                        + ", which this job does not need. Mint tokens with fewer permissions.");
            }
        });
    }

    private String onRepository() {
        return repository == null ? "" : " and " + repository + " is in the installation";
    }

    private InstallationRepositories readInstallationRepositories() throws HostApiException {
        InstallationRepositories result = new InstallationRepositories();
        int seen = 0;
        for (int page = 1; page <= MAX_REPOSITORY_PAGES; page++) {
            HostResponse answer = session.get(api("/installation/repositories?per_page=100&page=" + page),
                    "listing the installation's repositories");
            if (answer.status() == 401) {
                draft.failed("GitHub refused the installation token (HTTP 401" + session.says(answer).map(s -> ": " + s)
                        .orElse("") + "): installation tokens expire after one hour; mint a new one.");
                return null;
            }
            if (page == 1) {
                readExpiry(answer);
            }
            JsonNode body = answer.requireSuccess().json();
            result.selection = body.path("repository_selection").asText("unknown");
            int total = body.path("total_count").asInt(0);
            JsonNode listed = body.path("repositories");
            for (JsonNode entry : listed) {
                if (result.owner.isEmpty()) {
                    result.owner = entry.path("owner").path("login").asText("");
                }
                if (repository != null && sameRepository(entry.path("full_name").asText(""), repository)) {
                    result.found = true;
                }
            }
            seen += listed.size();
            if (result.found || listed.isEmpty() || seen >= total || repository == null) {
                result.complete = true;
                return result;
            }
        }
        return result;
    }

    private static boolean sameRepository(String a, String b) {
        return a.equalsIgnoreCase(b);
    }

    /** What one pass over GET /installation/repositories found. */
    private static final class InstallationRepositories {
        String selection = "unknown";
        String owner = "";
        boolean found;
        boolean complete;
    }

    // ---------------------------------------------------------------- shared

    private void loadRepository() throws HostApiException {
        HostResponse answer = session.get(api("/repos/" + repository), "reading repository " + repository);
        if (answer.isSuccessful()) {
            repo = answer.json();
            repoVisible = true;
            return;
        }
        repo = jsonOrEmpty(answer);
        if (answer.status() == 404) {
            repoInvisibleWhy = repository + " is not visible to this token (GitHub answers 404 for repositories "
                    + "a token cannot see): check the name, and give the token access to it";
        } else if (answer.status() == 403 && answer.header("X-GitHub-SSO").isPresent()) {
            repoInvisibleWhy = "the organisation of " + repository + " uses SAML single sign-on and the token is "
                    + "not authorized for it: authorize the token for SSO in the token settings";
        } else {
            answer.requireSuccess();
        }
    }

    /** For a classic token whose scopes cover the capability: does the user's role on the repository allow it? */
    private Verdict userMayOnRepository(Capability capability, String scopesReason) {
        if (repository == null) {
            return Verdict.granted(scopesReason + " on the repositories " + draft.identity() + " may use");
        }
        if (!repoVisible) {
            return Verdict.missing(repoInvisibleWhy, "access to " + repository + " for " + draft.identity());
        }
        boolean needsWrite = capability == Capability.PUSH || capability == Capability.COMMIT_STATUS;
        JsonNode role = repo.path("permissions");
        boolean publicRepo = !repo.path("private").asBoolean(true);
        boolean allowed = needsWrite ? role.path("push").asBoolean(false) : role.path("pull").asBoolean(publicRepo);
        if (!allowed) {
            return Verdict.missing(draft.identity() + " has no " + (needsWrite ? "write" : "read") + " access to "
                    + repository, (needsWrite ? "write" : "read") + " access to " + repository + " for " + draft.identity());
        }
        return Verdict.granted(scopesReason + " and " + draft.identity() + " has " + (needsWrite ? "write" : "read")
                + " access to " + repository);
    }

    private void readExpiry(HostResponse response) {
        InstallationGrant grant = draft.request.installationGrant();
        if (grant != null && grant.expiresAt() != null) {
            draft.expiresAt(grant.expiresAt());
            return;
        }
        Optional<String> header = response.header("GitHub-Authentication-Token-Expiration");
        if (header.isEmpty()) {
            draft.expiryNote(kind == TokenKind.GITHUB_INSTALLATION
                    ? "not reported (installation tokens last one hour)"
                    : "never (GitHub sent no expiration)");
            return;
        }
        parseExpiration(header.get()).ifPresentOrElse(draft::expiresAt,
                () -> draft.expiryNote("unreadable expiration \"" + header.get() + "\""));
    }

    /** "2026-10-07 19:07:53 UTC" as GitHub sends it; an offset such as "-0700" is accepted too. */
    static Optional<Instant> parseExpiration(String value) {
        String text = value.strip();
        try {
            if (text.endsWith("UTC")) {
                String local = text.substring(0, text.length() - "UTC".length()).strip();
                return Optional.of(LocalDateTime.parse(local, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                        .toInstant(ZoneOffset.UTC));
            }
            return Optional.of(OffsetDateTime.parse(text, EXPIRATION).toInstant());
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    private String api(String path) {
        return draft.request.endpoint().apiUrl(path);
    }
}
