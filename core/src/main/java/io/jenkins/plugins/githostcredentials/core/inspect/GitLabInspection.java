package io.jenkins.plugins.githostcredentials.core.inspect;

import static io.jenkins.plugins.githostcredentials.core.inspect.HostSession.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.githostcredentials.core.capability.Capability;
import io.jenkins.plugins.githostcredentials.core.capability.GrantedScopes;
import io.jenkins.plugins.githostcredentials.core.capability.Need;
import io.jenkins.plugins.githostcredentials.core.capability.PermissionDialect;
import io.jenkins.plugins.githostcredentials.core.capability.RawPermission;
import io.jenkins.plugins.githostcredentials.core.capability.ScopeRule;
import io.jenkins.plugins.githostcredentials.core.http.HostApiException;
import io.jenkins.plugins.githostcredentials.core.http.HostResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * GitLab. {@code GET /personal_access_tokens/self} tells scopes, state and expiry of personal, project and group
 * access tokens alike; {@code GET /user} names the user or bot; {@code GET /projects/:id} gives the role.
 */
final class GitLabInspection {

    /** Access levels: guest 10, reporter 20, developer 30. */
    private static final int REPORTER = 20;
    private static final int DEVELOPER = 30;

    private static final List<String> DANGEROUS_SCOPES = List.of("sudo", "admin_mode");

    private final HostSession session;
    private final ReportDraft draft;
    private final String repository;

    GitLabInspection(HostSession session, ReportDraft draft) {
        this.session = session;
        this.draft = draft;
        this.repository = draft.repository;
    }

    void run() throws HostApiException {
        HostResponse self = session.get(api("/personal_access_tokens/self"), "reading the token's own record");
        if (self.status() == 401) {
            draft.failed("GitLab refused the token (HTTP 401" + self.hostMessage().map(s -> ": " + s).orElse("")
                    + "): it is wrong, expired or revoked. Create a new token and update the credential.");
            return;
        }
        GrantedScopes scopes = null;
        String userId = "";
        if (self.isSuccessful()) {
            JsonNode token = self.json();
            if (token.path("revoked").asBoolean(false)) {
                draft.failed("The GitLab token \"" + token.path("name").asText("") + "\" was revoked: create a new "
                        + "token and update the credential.");
                return;
            }
            readExpiry(token.path("expires_at"));
            if (!token.path("active").asBoolean(true)) {
                draft.failed("The GitLab token \"" + token.path("name").asText("") + "\" is not active (expired"
                        + draft.expiresAt().map(at -> " on " + at.toString().substring(0, 10)).orElse("")
                        + "): create a new token and update the credential.");
                return;
            }
            List<String> listed = new ArrayList<>();
            token.path("scopes").forEach(s -> listed.add(s.asText()));
            scopes = GrantedScopes.of(PermissionDialect.GITLAB, listed);
            draft.granted("Scopes", scopes.reported());
            userId = token.path("user_id").asText("");
        } else if (self.status() == 404) {
            draft.note("This GitLab has no /personal_access_tokens/self (it came in GitLab 15.5; this one is older): scopes and expiry are unknown.");
        } else {
            self.requireSuccess();
        }
        readIdentity(userId);
        if (draft.hasFailed()) {
            return;
        }
        Project project = repository == null ? null : readProject();
        for (Need need : draft.open()) {
            draft.record(need, judge(need, scopes, project));
        }
        if (scopes != null) {
            for (String scope : DANGEROUS_SCOPES) {
                boolean asked = draft.needs().stream().anyMatch(n -> n instanceof RawPermission r && r.name().equals(scope));
                if (scopes.reported().contains(scope) && !asked) {
                    draft.warn("Over-privileged: the token has the " + scope + " scope, which this job does not "
                            + "need. Create a token without it.");
                }
            }
        }
    }

    private Verdict judge(Need need, GrantedScopes scopes, Project project) {
        ScopeRule rule = need instanceof Capability c ? draft.rule(c) : ScopeRule.of(((RawPermission) need).name());
        String toGrant = rule.recommendation();
        if (scopes == null) {
            return Verdict.unknown("this GitLab does not tell a token's scopes", toGrant);
        }
        if (!scopes.satisfies(rule)) {
            return Verdict.missing("the token's scopes are " + scopes + "; none covers " + rule.wording(), toGrant);
        }
        String scopeReason = "scope " + rule.wording() + " is granted";
        if (!(need instanceof Capability capability) || capability == Capability.READ_USER || project == null) {
            return Verdict.granted(scopeReason);
        }
        if (!project.visible) {
            return Verdict.missing(repository + " is not visible to " + draft.identity()
                    + ": check the path, and add the user (or the token's bot) to the project", "membership of " + repository);
        }
        int needed = switch (capability) {
            case PUSH, COMMIT_STATUS -> DEVELOPER;
            default -> project.isPublic ? 0 : REPORTER;
        };
        if (needed == 0) {
            return Verdict.granted(scopeReason + " and " + repository + " is public");
        }
        if (project.accessLevel < 0) {
            return Verdict.unknown(scopeReason + ", but the role on " + repository + " cannot be read with these "
                    + "scopes (GET /projects needs read_api or api)", toGrant);
        }
        if (project.accessLevel < needed) {
            String role = needed == DEVELOPER ? "Developer" : "Reporter";
            return Verdict.missing(draft.identity() + " has access level " + project.accessLevel + " on " + repository
                    + "; " + capability.id() + " needs " + role + " (" + needed + ") or more",
                    role + " role on " + repository);
        }
        return Verdict.granted(scopeReason + " and the role on " + repository + " (access level "
                + project.accessLevel + ") allows it");
    }

    private void readIdentity(String userId) throws HostApiException {
        HostResponse user = session.get(api("/user"), "reading the token's user");
        if (user.status() == 401) {
            draft.failed("GitLab refused the token (HTTP 401" + user.hostMessage().map(s -> ": " + s).orElse("")
                    + "): it is wrong, expired or revoked. Create a new token and update the credential.");
            return;
        }
        if (user.status() == 403) {
            // insufficient_scope: a read_repository-only token may not read /user, but it did authenticate.
            draft.authenticated(userId.isEmpty() ? "a GitLab user (the token may not read /user)" : "GitLab user #" + userId);
            return;
        }
        JsonNode me = user.requireSuccess().json();
        String username = me.path("username").asText("");
        String name = me.path("name").asText("");
        String who = name.isBlank() || name.equals(username) ? username : username + " (" + name + ")";
        if (me.path("bot").asBoolean(false)) {
            who += ", the bot user of a project or group access token";
        }
        draft.authenticated(who);
    }

    private Project readProject() throws HostApiException {
        HostResponse answer = session.get(api("/projects/" + segment(repository)), "reading project " + repository);
        Project project = new Project();
        if (answer.status() == 404) {
            return project;
        }
        if (answer.status() == 403) {
            project.visible = true; // the scope forbids the API call; the project itself may well be visible
            return project;
        }
        JsonNode body = answer.requireSuccess().json();
        project.visible = true;
        project.isPublic = "public".equals(body.path("visibility").asText(""));
        JsonNode permissions = body.path("permissions");
        int projectLevel = permissions.path("project_access").path("access_level").asInt(0);
        int groupLevel = permissions.path("group_access").path("access_level").asInt(0);
        project.accessLevel = permissions.isMissingNode() ? -1 : Math.max(projectLevel, groupLevel);
        return project;
    }

    /** GitLab tokens expire at the start of their expiry day (UTC). */
    private void readExpiry(JsonNode expiresAt) {
        if (expiresAt.isNull() || expiresAt.isMissingNode()) {
            draft.expiryNote("never");
            return;
        }
        try {
            draft.expiresAt(LocalDate.parse(expiresAt.asText()).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException unreadable) {
            draft.expiryNote("unreadable expiry \"" + expiresAt.asText() + "\"");
        }
    }

    private String api(String path) {
        return draft.request.endpoint().apiUrl(path);
    }

    /** What GET /projects/:id told; accessLevel -1 when it could not be read. */
    private static final class Project {
        boolean visible;
        boolean isPublic;
        int accessLevel = -1;
    }
}
