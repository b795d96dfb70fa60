package io.jenkins.plugins.githostcredentials.core.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.githostcredentials.core.capability.Capability;
import io.jenkins.plugins.githostcredentials.core.capability.Need;
import io.jenkins.plugins.githostcredentials.core.capability.RawPermission;
import io.jenkins.plugins.githostcredentials.core.http.HostApiException;
import io.jenkins.plugins.githostcredentials.core.http.HostResponse;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gitea and Forgejo. A token cannot list its scopes; the user, the repository and the write permissions are
 * probed. Gitea checks a token's scope before anything else and answers 403 naming the scope it wanted; then it
 * checks the user's role; then it validates the body (422). A request with a body that fails validation therefore
 * proves scope and role without changing anything.
 */
final class GiteaInspection {

    /**
     * How Gitea and Forgejo name the scopes a refused token lacked (routers/api/v1 tokenRequiresScopes):
     * {@code token does not have at least one of required scope(s): [write:issue]} (Forgejo, Gitea 1.19-1.20) and
     * {@code token does not have at least one of required scope(s), required=[write:issue], token scope=read:user}
     * (later Gitea). Several scopes inside the brackets are separated by blanks.
     */
    private static final Pattern REQUIRED_SCOPES =
            Pattern.compile("required scope\\(s\\)(?:, required=|: )\\[([^\\]]*)\\]");

    private final HostSession session;
    private final ReportDraft draft;
    private final String repository;
    private final ProbeCache probes = new ProbeCache();
    private Verdict userVerdict;
    private Verdict readVerdict;
    private JsonNode repo;

    GiteaInspection(HostSession session, ReportDraft draft) {
        this.session = session;
        this.draft = draft;
        this.repository = draft.repository;
    }

    void run() throws HostApiException {
        HostResponse user = session.get(api("/user"), "reading the token's user");
        if (user.status() == 401) {
            draft.failed("Gitea refused the token (HTTP 401" + user.hostMessage().map(s -> ": " + s).orElse("")
                    + "): it is wrong, expired or revoked. Create a new token and update the credential.");
            return;
        }
        if (user.status() == 403) {
            // The token is valid but lacks read:user: Gitea says which scope it wanted.
            draft.authenticated("a Gitea user (the token may not read its user)");
            userVerdict = refused("reading the user was refused", user, "read:user");
        } else {
            JsonNode me = user.requireSuccess().json();
            String login = me.path("login").asText("");
            String name = me.path("full_name").asText("");
            draft.authenticated(name.isBlank() || name.equals(login) ? login : login + " (" + name + ")");
            userVerdict = Verdict.granted("GET /user answered for " + login);
        }
        draft.expiryNote("not reported by Gitea");
        if (repository == null) {
            for (Need need : draft.open()) {
                draft.record(need, need == Capability.READ_USER ? userVerdict
                        : Verdict.unknown("Gitea tokens cannot list their scopes: name a repository to probe them",
                                draft.toGrantFor(need)));
            }
            return;
        }
        draft.note("Gitea tokens cannot list their scopes: they were probed on " + repository
                + " with reads and with requests Gitea must reject as invalid (nothing is created).");
        readRepository();
        for (Need need : draft.open()) {
            draft.record(need, need instanceof Capability capability ? judge(capability) : judge((RawPermission) need));
        }
    }

    private Verdict judge(Capability capability) {
        return switch (capability) {
            case CHECKOUT -> readVerdict;
            // Gitea lets exactly those who may write code set commit statuses (same scope, same role check).
            case PUSH, COMMIT_STATUS -> writeProbe();
            case PULL_REQUEST_COMMENT -> commentProbe();
            case READ_USER -> userVerdict;
            case CHECKS -> Verdict.unsupported("checks are a GitHub feature");
        };
    }

    private Verdict judge(RawPermission raw) {
        return switch (raw.name()) {
            case "read:repository" -> readVerdict;
            case "write:repository" -> writeProbe();
            case "write:issue" -> commentProbe();
            case "read:user" -> userVerdict;
            default -> Verdict.unknown("no probe that changes nothing exists for " + raw.name()
                    + "; it shows when the job uses it", raw.name());
        };
    }

    private void readRepository() throws HostApiException {
        HostResponse answer = session.get(api("/repos/" + repository), "reading repository " + repository);
        if (answer.isSuccessful()) {
            repo = answer.json();
            readVerdict = Verdict.granted("reading " + repository + " worked");
        } else if (answer.status() == 403) {
            readVerdict = refused("reading " + repository + " was refused", answer, "read:repository");
        } else if (answer.status() == 404) {
            readVerdict = Verdict.missing(repository + " is not visible to " + draft.identity()
                    + ": check the name, and that the user has access", "access to " + repository);
        } else {
            answer.requireSuccess();
        }
    }

    /**
     * POST /repos/{o}/{r}/branches with an empty body: Gitea checks write:repository, then the user's write role,
     * then rejects the body for lacking new_branch_name (422). No branch can be created without a name.
     */
    private Verdict writeProbe() {
        if (repo != null && !repo.path("permissions").path("push").asBoolean(false)) {
            return Verdict.missing(draft.identity() + " has no write access to " + repository,
                    "write access to " + repository + " for " + draft.identity());
        }
        return probe("write:repository", "/repos/" + repository + "/branches", "writing to the repository");
    }

    /**
     * POST /repos/{o}/{r}/issues/0/comments with an empty body: Gitea checks write:issue, then rejects the body for
     * lacking its required text (422) before it looks for the issue. A comment without text cannot be created.
     */
    private Verdict commentProbe() {
        return probe("write:issue", "/repos/" + repository + "/issues/0/comments", "commenting");
    }

    private Verdict probe(String scope, String path, String what) {
        if (readVerdict.status() != CapabilityCheck.Status.GRANTED) {
            return Verdict.missing(readVerdict.reason(), readVerdict.toGrant());
        }
        return probes.once(scope, () -> {
            HostResponse answer = session.post(api(path), "{}", "probing " + what + " on " + repository);
            if (answer.status() == 422) {
                return Verdict.granted("Gitea accepted the token for " + what + " and rejected only the deliberately "
                        + "empty request (HTTP 422), so " + scope + " is granted");
            }
            if (answer.status() == 403) {
                return refused("Gitea refused " + what, answer, scope);
            }
            return Verdict.unknown("the probe got HTTP " + answer.status() + HostSession.quoted(answer), scope);
        });
    }

    /** A 403: what to grant is the scope Gitea names, else the one this probe is about. */
    private static Verdict refused(String what, HostResponse answer, String probedScope) {
        List<String> named = requiredScopes(answer);
        String toGrant = named.isEmpty() ? probedScope : String.join(" or ", named);
        return Verdict.missing(what + HostSession.quoted(answer), toGrant);
    }

    /** The scopes a 403 body names as required; empty when it is not Gitea's missing-scope message. */
    static List<String> requiredScopes(HostResponse answer) {
        Matcher matcher = REQUIRED_SCOPES.matcher(answer.hostMessage().orElse(""));
        if (!matcher.find()) {
            return List.of();
        }
        return Arrays.stream(matcher.group(1).split("[\\s,]+")).filter(scope -> !scope.isEmpty()).toList();
    }

    private String api(String path) {
        return draft.request.endpoint().apiUrl(path);
    }
}
