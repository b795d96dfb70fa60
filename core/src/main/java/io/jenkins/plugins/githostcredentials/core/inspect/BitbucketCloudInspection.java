package io.jenkins.plugins.githostcredentials.core.inspect;

import static io.jenkins.plugins.githostcredentials.core.inspect.HostSession.jsonOrEmpty;
import static io.jenkins.plugins.githostcredentials.core.inspect.HostSession.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.githostcredentials.core.capability.Capability;
import io.jenkins.plugins.githostcredentials.core.capability.GrantedScopes;
import io.jenkins.plugins.githostcredentials.core.capability.Need;
import io.jenkins.plugins.githostcredentials.core.capability.PermissionDialect;
import io.jenkins.plugins.githostcredentials.core.capability.RawPermission;
import io.jenkins.plugins.githostcredentials.core.capability.ScopeRule;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import io.jenkins.plugins.githostcredentials.core.http.HostApiException;
import io.jenkins.plugins.githostcredentials.core.http.HostResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Bitbucket Cloud. Every answer carries {@code x-credential-type} (which kind of token this really is) and
 * {@code x-oauth-scopes} (what it was granted). {@code GET /2.0/user} answers users (API tokens, app passwords)
 * and refuses access tokens with 403, still with both headers.
 */
final class BitbucketCloudInspection {

    /** App passwords: brownouts from 2026-06-09, removed 2026-07-28 (Atlassian deprecation notice). */
    static final LocalDate APP_PASSWORD_BROWNOUTS = LocalDate.of(2026, 6, 9);
    static final LocalDate APP_PASSWORD_REMOVAL = LocalDate.of(2026, 7, 28);

    /** Classic scope to API-token scope, for raw permissions worded for the other kind of token. */
    private static final Map<String, String> CLASSIC_TO_API = Map.of(
            "repository", "read:repository:bitbucket",
            "repository:write", "write:repository:bitbucket",
            "repository:admin", "admin:repository:bitbucket",
            "repository:delete", "delete:repository:bitbucket",
            "pullrequest", "read:pullrequest:bitbucket",
            "pullrequest:write", "write:pullrequest:bitbucket",
            "account", "read:user:bitbucket",
            "project", "read:project:bitbucket",
            "pipeline", "read:pipeline:bitbucket",
            "pipeline:write", "write:pipeline:bitbucket");

    private final HostSession session;
    private final ReportDraft draft;
    private final String repository;
    private TokenKind kind;

    BitbucketCloudInspection(HostSession session, ReportDraft draft) {
        this.session = session;
        this.draft = draft;
        this.repository = draft.repository;
        this.kind = draft.kind();
    }

    void run() throws HostApiException {
        HostResponse user = session.get(api("/user"), "reading the token's user");
        if (user.status() == 401) {
            draft.failed("Bitbucket Cloud refused the token (HTTP 401" + user.hostMessage().map(s -> ": " + s).orElse("")
                    + "): it is wrong, expired or revoked" + howToAuthenticate() + ".");
            if (kind == TokenKind.BITBUCKET_APP_PASSWORD) {
                warnAboutAppPassword();
            }
            return;
        }
        readCredentialType(user.header("x-credential-type").orElse(""));
        GrantedScopes scopes = GrantedScopes.fromHeader(PermissionDialect.BITBUCKET_CLOUD,
                user.header("x-oauth-scopes").orElse(""));
        if (user.isSuccessful()) {
            JsonNode me = user.json();
            String name = me.path("display_name").asText("");
            String handle = me.path("username").asText(me.path("nickname").asText(""));
            draft.authenticated(handle.isBlank() ? name : name.isBlank() ? handle : handle + " (" + name + ")");
        } else if (user.status() == 403 && kind == TokenKind.BITBUCKET_ACCESS_TOKEN) {
            String type = user.header("x-credential-type").orElse("access_token").replace('_', ' ');
            draft.authenticated("a Bitbucket Cloud " + type + " (access tokens act as their own bot user)");
        } else {
            user.requireSuccess();
        }
        draft.granted("Scopes", scopes.reported());
        draft.expiryNote("not reported by Bitbucket Cloud");
        if (kind == TokenKind.BITBUCKET_APP_PASSWORD) {
            warnAboutAppPassword();
        }
        Repository repo = repository == null ? null : readRepository();
        for (Need need : draft.open()) {
            draft.record(need, judge(need, scopes, repo));
        }
    }

    private Verdict judge(Need need, GrantedScopes scopes, Repository repo) throws HostApiException {
        Optional<ScopeRule> rule = ruleFor(need);
        if (rule.isEmpty()) {
            return Verdict.unknown(((RawPermission) need).name() + " has no equivalent for a " + kind.displayName(),
                    ((RawPermission) need).wording());
        }
        String toGrant = rule.get().recommendation();
        if (!scopes.satisfies(rule.get())) {
            return Verdict.missing("x-oauth-scopes lists " + scopes + "; none covers " + rule.get().wording(), toGrant);
        }
        String scopeReason = "scope " + rule.get().wording() + " is granted";
        if (!(need instanceof Capability capability) || capability == Capability.READ_USER || repo == null) {
            return Verdict.granted(scopeReason);
        }
        if (!repo.visible) {
            return Verdict.missing(repository + " is not visible to this token" + repo.why
                    + ": check the name, and that the token (or its account) has access", "access to " + repository);
        }
        if (capability != Capability.PUSH || kind == TokenKind.BITBUCKET_ACCESS_TOKEN) {
            // Access tokens are granted exactly their scopes on their repository, project or workspace.
            return Verdict.granted(scopeReason + " and " + repository + " is visible to the token");
        }
        String role = userRole();
        if (role == null) {
            return Verdict.unknown(scopeReason + ", but the account's role on " + repository
                    + " could not be read", "write access to " + repository);
        }
        return role.equals("write") || role.equals("admin")
                ? Verdict.granted(scopeReason + " and " + draft.identity() + " has " + role + " access to " + repository)
                : Verdict.missing(draft.identity() + " has only " + role + " access to " + repository,
                        "write access to " + repository + " for " + draft.identity());
    }

    private Optional<ScopeRule> ruleFor(Need need) {
        if (need instanceof Capability capability) {
            return Optional.of(draft.rule(capability));
        }
        String name = ((RawPermission) need).name();
        boolean apiStyle = name.endsWith(":bitbucket");
        boolean apiToken = kind == TokenKind.BITBUCKET_API_TOKEN;
        if (apiStyle == apiToken) {
            return Optional.of(ScopeRule.of(name));
        }
        Optional<String> translated = apiToken
                ? Optional.ofNullable(CLASSIC_TO_API.get(name))
                : CLASSIC_TO_API.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).findFirst();
        return translated.map(ScopeRule::of);
    }

    /** GET /2.0/user/permissions/repositories filtered to the repository: read, write or admin; null if not told. */
    private String userRole() throws HostApiException {
        String query = segment("repository.full_name=\"" + repository + "\"");
        HostResponse answer = session.get(api("/user/permissions/repositories?q=" + query),
                "reading the account's role on " + repository);
        if (!answer.isSuccessful()) {
            return null;
        }
        JsonNode first = jsonOrEmpty(answer).path("values").path(0).path("permission");
        return first.isTextual() ? first.asText().toLowerCase(Locale.ROOT) : null;
    }

    private Repository readRepository() throws HostApiException {
        HostResponse answer = session.get(api("/repositories/" + repository), "reading repository " + repository);
        Repository repo = new Repository();
        if (answer.isSuccessful()) {
            repo.visible = true;
        } else if (answer.status() == 404 || answer.status() == 403) {
            repo.why = " (HTTP " + answer.status() + HostSession.quoted(answer) + ")";
        } else {
            answer.requireSuccess();
        }
        return repo;
    }

    /** Bitbucket names the credential it received; trust it over the declared kind. */
    private void readCredentialType(String header) {
        String type = header.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        TokenKind told = type.contains("apppassword") ? TokenKind.BITBUCKET_APP_PASSWORD
                : type.equals("apitoken") ? TokenKind.BITBUCKET_API_TOKEN
                : type.endsWith("accesstoken") ? TokenKind.BITBUCKET_ACCESS_TOKEN
                : null;
        if (told != null && told != kind) {
            draft.note("Bitbucket says this credential is a " + told.displayName() + " (x-credential-type: " + header
                    + "), not a " + kind.displayName() + "; it was judged as what Bitbucket says.");
            kind = told;
            draft.kind(told);
        }
    }

    private void warnAboutAppPassword() {
        LocalDate today = draft.now.atZone(ZoneOffset.UTC).toLocalDate();
        long daysLeft = Duration.between(today.atStartOfDay(), APP_PASSWORD_REMOVAL.atStartOfDay()).toDays();
        String when = daysLeft > 0
                ? "stop working on " + APP_PASSWORD_REMOVAL + " (in " + daysLeft + " days"
                        + (today.isBefore(APP_PASSWORD_BROWNOUTS) ? "; brownouts from " + APP_PASSWORD_BROWNOUTS : "; brownouts are under way")
                        + ")"
                : "were removed on " + APP_PASSWORD_REMOVAL;
        draft.warn("This is a Bitbucket Cloud app password: app passwords " + when + ". Replace it with an API token "
                + "(Atlassian account email + token, with scopes) or an access token.");
    }

    private String howToAuthenticate() {
        return switch (kind) {
            case BITBUCKET_API_TOKEN -> "; API tokens authenticate with the Atlassian account email and the token: check both";
            case BITBUCKET_APP_PASSWORD -> "; app passwords authenticate with the Bitbucket username (not the email)";
            default -> "";
        };
    }

    private String api(String path) {
        return draft.request.endpoint().apiUrl(path);
    }

    /** What GET /2.0/repositories/{workspace}/{repo} told. */
    private static final class Repository {
        boolean visible;
        String why = "";
    }
}
