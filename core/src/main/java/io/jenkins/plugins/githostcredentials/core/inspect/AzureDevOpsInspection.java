package io.jenkins.plugins.githostcredentials.core.inspect;

import static io.jenkins.plugins.githostcredentials.core.inspect.HostSession.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.githostcredentials.core.capability.Capability;
import io.jenkins.plugins.githostcredentials.core.capability.Need;
import io.jenkins.plugins.githostcredentials.core.capability.RawPermission;
import io.jenkins.plugins.githostcredentials.core.http.HostApiException;
import io.jenkins.plugins.githostcredentials.core.http.HostResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Azure DevOps Services and Server. {@code connectionData} names the user behind any valid PAT; a PAT cannot read
 * its own scopes, so each capability is probed on the repository: a read for code, and for the others a request
 * the service must reject as invalid once the PAT's scope check has passed (401/403 when the scope is missing).
 */
final class AzureDevOpsInspection {

    /** Global (all-organisation) PATs stop working on this day. */
    static final LocalDate GLOBAL_PAT_END = LocalDate.of(2026, 12, 1);

    private static final String API_VERSION = "api-version=7.1";

    /** A commit id that cannot exist (git never produces the all-zero id): nothing can be attached to it. */
    private static final String NO_SUCH_COMMIT = "0000000000000000000000000000000000000000";

    private final HostSession session;
    private final ReportDraft draft;
    private final String project;
    private final String repositoryName;
    private final ProbeCache probes = new ProbeCache();
    private String repositoryId;
    private Verdict readVerdict;

    AzureDevOpsInspection(HostSession session, ReportDraft draft) {
        this.session = session;
        this.draft = draft;
        String repository = draft.repository;
        this.project = repository == null ? null : repository.substring(0, repository.indexOf('/'));
        this.repositoryName = repository == null ? null : repository.substring(repository.indexOf('/') + 1);
    }

    /**
     * Azure DevOps answers a PAT it does not accept with HTTP 203 and an HTML sign-in page when the client is not
     * recognised as non-interactive (we send X-TFS-FedAuthRedirect: Suppress, which some servers and proxies
     * ignore). A 203 carrying JSON is data relayed by a transforming proxy (RFC 9110 section 15.3.4), so only a
     * non-JSON 203 counts.
     */
    static boolean isSignInPage(HostResponse response) {
        String body = response.body().stripLeading();
        return response.status() == 203 && !body.startsWith("{") && !body.startsWith("[");
    }

    void run() throws HostApiException {
        HostResponse connection = session.get(org("/_apis/connectionData"), "reading the token's identity");
        if (connection.status() == 401 || isSignInPage(connection)) {
            String answer = connection.status() == 401
                    ? "refused the token (HTTP 401" + HostSession.quoted(connection) + ")"
                    : "answered with its sign-in page (HTTP 203) instead of data, so it did not accept the token";
            draft.failed("Azure DevOps " + answer + ": it is wrong, expired or revoked, or not valid for this "
                    + "organisation. Create a new PAT for this organisation and update the credential.");
            return;
        }
        JsonNode user = connection.requireSuccess().json().path("authenticatedUser");
        String name = user.path("providerDisplayName").asText("");
        String account = user.path("properties").path("Account").path("$value").asText("");
        if (name.isBlank() || name.equalsIgnoreCase("Anonymous")
                || user.path("descriptor").asText("").toLowerCase(Locale.ROOT).contains("unauthenticated")) {
            draft.failed("Azure DevOps treated the request as anonymous, so it did not accept the token: check the "
                    + "PAT and that it was created for this organisation.");
            return;
        }
        draft.authenticated(account.isBlank() || account.equals(name) ? name : name + " <" + account + ">");
        draft.expiryNote("not reported to the PAT itself (see User settings > Personal access tokens)");
        warnAboutGlobalPats();
        if (project == null) {
            for (Need need : draft.open()) {
                draft.record(need, need == Capability.READ_USER
                        ? Verdict.granted("connectionData named the user")
                        : Verdict.unknown("a PAT cannot read its own scopes: name a repository (project/repo) to "
                                + "probe them", draft.toGrantFor(need)));
            }
            return;
        }
        draft.note("Azure DevOps PATs cannot list their scopes: they were probed on " + draft.repository
                + " with a read and with requests the service must reject as invalid (nothing is changed).");
        readRepository();
        for (Need need : draft.open()) {
            draft.record(need, need instanceof Capability capability ? judge(capability) : judge((RawPermission) need));
        }
    }

    private Verdict judge(Capability capability) {
        return switch (capability) {
            case CHECKOUT -> readVerdict;
            case PUSH -> writeProbe();
            case COMMIT_STATUS -> statusProbe();
            case PULL_REQUEST_COMMENT -> threadProbe();
            case READ_USER -> Verdict.granted("connectionData named the user");
            case CHECKS -> Verdict.unsupported("checks are a GitHub feature");
        };
    }

    private Verdict judge(RawPermission raw) {
        return switch (raw.name()) {
            case "vso.code" -> readVerdict.grant("vso.code");
            case "vso.code_write" -> writeProbe();
            case "vso.code_status" -> statusProbe();
            case "vso.threads_full" -> threadProbe().grant("vso.threads_full");
            default -> Verdict.unknown("no probe that changes nothing exists for " + raw.name()
                    + "; it shows when the job uses it", raw.name());
        };
    }

    private void readRepository() throws HostApiException {
        HostResponse answer = session.get(repo("?" + API_VERSION), "reading repository " + draft.repository);
        if (isSignInPage(answer)) {
            readVerdict = Verdict.missing("reading " + draft.repository + " got the sign-in page (HTTP 203): the "
                    + "PAT was not accepted for Code (Read)", "vso.code");
        } else if (answer.isSuccessful()) {
            repositoryId = answer.json().path("id").asText(repositoryName);
            readVerdict = Verdict.granted("reading " + draft.repository + " worked, so vso.code is granted");
        } else if (answer.status() == 401 || answer.status() == 403) {
            readVerdict = Verdict.missing("reading " + draft.repository + " was refused (HTTP " + answer.status() + ")"
                    + HostSession.quoted(answer) + ": the PAT lacks Code (Read)", "vso.code");
        } else if (answer.status() == 404) {
            readVerdict = Verdict.missing(draft.repository + " was not found: check project and repository names, "
                    + "and that the user may see them" + HostSession.quoted(answer), "access to " + draft.repository);
        } else {
            answer.requireSuccess();
        }
    }

    /**
     * POST .../refs with an empty list of ref updates: there is nothing to update, so nothing can change. The
     * service checks the PAT's scope before it looks at the body: 401/403 without vso.code_write.
     */
    private Verdict writeProbe() {
        return probe("vso.code_write", "/refs?" + API_VERSION, "[]", "pushing code");
    }

    /**
     * POST .../commits/{all-zero id}/statuses with an invalid state: no commit has that id and the state does not
     * parse, so no status can be created; the scope check comes first (401/403 without vso.code_status).
     */
    private Verdict statusProbe() {
        return probe("vso.code_status", "/commits/" + NO_SUCH_COMMIT + "/statuses?" + API_VERSION,
                "{\"state\":\"not-a-state\"}", "setting commit statuses");
    }

    /**
     * POST .../pullRequests/0/threads with an invalid status: pull request ids start at 1, so no thread can be
     * created; the scope check comes first (401/403 without vso.threads_full or vso.code_write).
     */
    private Verdict threadProbe() {
        return probe("vso.threads_full", "/pullRequests/0/threads?" + API_VERSION,
                "{\"status\":\"not-a-status\"}", "commenting on pull requests");
    }

    private Verdict probe(String scope, String path, String invalidBody, String what) {
        if (readVerdict.status() != CapabilityCheck.Status.GRANTED) {
            return Verdict.missing(readVerdict.reason(), readVerdict.toGrant());
        }
        return probes.once(scope, () -> {
            HostResponse answer = session.post(repoById(path), invalidBody, "probing " + what + " on " + draft.repository);
            int status = answer.status();
            if (isSignInPage(answer)) {
                return Verdict.missing("the service answered " + what + " with its sign-in page (HTTP 203): the PAT "
                        + "was not accepted for it", scope);
            }
            if (status == 401 || status == 403) {
                return Verdict.missing("the service refused the PAT for " + what + " (HTTP " + status + ")"
                        + HostSession.quoted(answer), scope);
            }
            if (answer.isSuccessful() || status == 400 || status == 404 || status == 409 || status == 422) {
                return Verdict.granted("the PAT passed the scope check for " + what + " (HTTP " + status
                        + " for the deliberately invalid request); branch policies and permissions still apply");
            }
            return Verdict.unknown("the probe got HTTP " + status + HostSession.quoted(answer), scope);
        });
    }

    /**
     * Global PATs cannot be told from organisation PATs through the API (a PAT cannot describe itself, and
     * connectionData answers alike for both). Since global PATs stop working on 2026-12-01, any PAT still working
     * on Azure DevOps Services before that day may be one: say so, with how to check. After that day a working
     * PAT is not global, and Azure DevOps Server has no global PATs.
     */
    private void warnAboutGlobalPats() {
        String host = draft.request.endpoint().hostName();
        boolean services = host.equals("dev.azure.com") || host.endsWith(".visualstudio.com");
        if (services && draft.now.atZone(ZoneOffset.UTC).toLocalDate().isBefore(GLOBAL_PAT_END)) {
            draft.warn("If this PAT was created for \"All accessible organizations\" (a global PAT), it stops working "
                    + "on " + GLOBAL_PAT_END + ". Azure DevOps does not tell which kind a PAT is: check its "
                    + "Organization in User settings > Personal access tokens, and use a PAT for one organisation or "
                    + "a Microsoft Entra ID token instead.");
        }
    }

    private String repo(String rest) {
        return org("/" + segment(project) + "/_apis/git/repositories/" + segment(repositoryName) + rest);
    }

    private String repoById(String rest) {
        return org("/" + segment(project) + "/_apis/git/repositories/" + segment(repositoryId) + rest);
    }

    private String org(String path) {
        return draft.request.endpoint().apiUrl(path);
    }
}
