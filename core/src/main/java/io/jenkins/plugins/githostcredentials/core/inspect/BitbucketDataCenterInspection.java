package io.jenkins.plugins.githostcredentials.core.inspect;

import static io.jenkins.plugins.githostcredentials.core.inspect.HostSession.jsonOrEmpty;
import static io.jenkins.plugins.githostcredentials.core.inspect.HostSession.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.githostcredentials.core.capability.Capability;
import io.jenkins.plugins.githostcredentials.core.capability.Need;
import io.jenkins.plugins.githostcredentials.core.capability.RawPermission;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import io.jenkins.plugins.githostcredentials.core.http.HostApiException;
import io.jenkins.plugins.githostcredentials.core.http.HostResponse;
import java.util.Optional;

/**
 * Bitbucket Data Center. No call describes a token, but every authenticated answer names its user in
 * {@code X-AUSERNAME}; access is probed with reads on the repository.
 */
final class BitbucketDataCenterInspection {

    private final HostSession session;
    private final ReportDraft draft;
    private final String project;
    private final String slug;
    private final ProbeCache probes = new ProbeCache();
    private boolean repositoryReadable;
    private String repositoryWhy = "";

    BitbucketDataCenterInspection(HostSession session, ReportDraft draft) {
        this.session = session;
        this.draft = draft;
        String repository = draft.repository;
        this.project = repository == null ? null : repository.substring(0, repository.indexOf('/'));
        this.slug = repository == null ? null : repository.substring(repository.indexOf('/') + 1);
    }

    void run() throws HostApiException {
        HostResponse first = project == null
                ? session.get(api("/projects?limit=1"), "listing projects")
                : session.get(api("/projects/" + segment(project) + "/repos/" + segment(slug)),
                        "reading repository " + draft.repository);
        if (first.status() == 401) {
            draft.failed("Bitbucket Data Center refused the token (HTTP 401" + first.hostMessage().map(s -> ": " + s)
                    .orElse("") + "): it is wrong, expired or revoked"
                    + (draft.kind().bearerOnly() ? "" : ", or the username does not match it")
                    + ". Create a new token and update the credential.");
            return;
        }
        Optional<String> user = first.header("X-AUSERNAME");
        if (user.isEmpty() || user.get().isBlank()) {
            if (first.status() >= 500) {
                first.requireSuccess();
            }
            draft.failed("Bitbucket Data Center answered without naming a user (no X-AUSERNAME header), so it did "
                    + "not accept the token: check that it is a valid HTTP access token for this server.");
            return;
        }
        draft.authenticated(user.get() + (draft.kind() == TokenKind.BITBUCKET_DC_PERSONAL_TOKEN ? ""
                : " (the bot user of a " + (draft.kind() == TokenKind.BITBUCKET_DC_PROJECT_TOKEN ? "project" : "repository")
                + " access token)"));
        draft.expiryNote("not reported by Bitbucket Data Center");
        draft.note("Bitbucket Data Center cannot describe a token: access was probed with reads on the repository.");
        if (project == null) {
            for (Need need : draft.open()) {
                draft.record(need, need == Capability.READ_USER
                        ? Verdict.granted("the server named the user: " + user.get())
                        : Verdict.unknown("name a repository (PROJECT/repo) to probe access", draft.toGrantFor(need)));
            }
            return;
        }
        if (first.isSuccessful()) {
            repositoryReadable = true;
        } else if (first.status() == 404 || first.status() == 403) {
            repositoryWhy = draft.repository + " is not visible to " + user.get() + " (HTTP " + first.status()
                    + HostSession.quoted(first) + "): check the name, and grant the token at least REPO_READ on it";
        } else {
            first.requireSuccess();
        }
        for (Need need : draft.open()) {
            draft.record(need, need instanceof Capability capability ? judge(capability) : judge((RawPermission) need));
        }
    }

    private Verdict judge(Capability capability) {
        return switch (capability) {
            case CHECKOUT -> readVerdict();
            // Build statuses need only REPO_READ on Data Center.
            case COMMIT_STATUS -> readVerdict().grant("REPO_READ");
            case PULL_REQUEST_COMMENT -> pullRequestsVerdict();
            case PUSH -> writeVerdict();
            case READ_USER -> Verdict.granted("the server named the user: " + draft.identity());
            case CHECKS -> Verdict.unsupported("checks are a GitHub feature");
        };
    }

    private Verdict judge(RawPermission raw) {
        return switch (raw.name()) {
            case "REPO_READ" -> readVerdict();
            case "REPO_WRITE" -> writeVerdict();
            case "PROJECT_READ" -> projectReadVerdict();
            default -> Verdict.unknown("no read-only probe tells " + raw.name() + "; it shows when the job uses it",
                    raw.name());
        };
    }

    private Verdict readVerdict() {
        return repositoryReadable
                ? Verdict.granted("reading " + draft.repository + " worked")
                : Verdict.missing(repositoryWhy, "REPO_READ");
    }

    /** Anyone who may read a repository may comment on its pull requests; the probe lists one pull request. */
    private Verdict pullRequestsVerdict() {
        if (!repositoryReadable) {
            return Verdict.missing(repositoryWhy, "REPO_READ");
        }
        return probes.once("pull-requests", "", () -> {
            HostResponse answer = session.get(api(repoPath() + "/pull-requests?limit=1"),
                    "listing pull requests of " + draft.repository);
            return answer.isSuccessful()
                    ? Verdict.granted("listing pull requests of " + draft.repository + " worked (REPO_READ suffices to comment)")
                    : Verdict.missing("listing pull requests was refused (HTTP " + answer.status() + ")"
                            + HostSession.quoted(answer), "REPO_READ");
        });
    }

    /**
     * GET /rest/api/latest/repos?name=...&permission=REPO_WRITE lists the repositories the requesting user may
     * write. Absent: nobody acting as this user can push, so MISSING is certain. Present: for project and
     * repository tokens the bot user holds exactly the token's permission, so it is GRANTED; a personal token may
     * carry less than its user, which no read-only call reveals, so it stays UNKNOWN.
     */
    private Verdict writeVerdict() {
        if (!repositoryReadable) {
            return Verdict.missing(repositoryWhy, "REPO_WRITE");
        }
        return probes.once("write", "", () -> {
            HostResponse answer = session.get(api("/repos?name=" + segment(slug) + "&permission=REPO_WRITE&limit=100"),
                    "searching writable repositories");
            if (!answer.isSuccessful()) {
                return Verdict.unknown("the search for writable repositories was refused (HTTP " + answer.status() + ")"
                        + HostSession.quoted(answer), "REPO_WRITE");
            }
            boolean writable = false;
            for (JsonNode repo : jsonOrEmpty(answer).path("values")) {
                writable |= repo.path("slug").asText("").equalsIgnoreCase(slug)
                        && repo.path("project").path("key").asText("").equalsIgnoreCase(project);
            }
            if (!writable) {
                return Verdict.missing(draft.identity() + " may not write to " + draft.repository
                        + " (not among the repositories with REPO_WRITE)", "REPO_WRITE");
            }
            return draft.kind() == TokenKind.BITBUCKET_DC_PERSONAL_TOKEN
                    ? Verdict.unknown(draft.identity() + " may write to " + draft.repository + ", but a personal token "
                            + "can carry less (Repository read); Bitbucket does not show the token's own permission",
                            "REPO_WRITE")
                    : Verdict.granted("the token's bot user has REPO_WRITE on " + draft.repository);
        });
    }

    private Verdict projectReadVerdict() {
        return probes.once("project", "", () -> {
            HostResponse answer = session.get(api("/projects/" + segment(project)), "reading project " + project);
            return answer.isSuccessful()
                    ? Verdict.granted("reading project " + project + " worked")
                    : Verdict.missing("reading project " + project + " was refused (HTTP " + answer.status() + ")"
                            + HostSession.quoted(answer), "PROJECT_READ");
        });
    }

    private String repoPath() {
        return "/projects/" + segment(project) + "/repos/" + segment(slug);
    }

    private String api(String path) {
        return draft.request.endpoint().apiUrl(path);
    }
}
