package io.jenkins.plugins.githostcredentials.core.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.HostAuthentication;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.http.Failure;
import io.jenkins.plugins.githostcredentials.core.http.HostApiException;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import io.jenkins.plugins.githostcredentials.core.http.HostRequest;
import io.jenkins.plugins.githostcredentials.core.http.HostResponse;
import io.jenkins.plugins.githostcredentials.core.rotation.RotationOutcome.Result;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Rotates GitLab access tokens with themselves, in an order that never loses the credential.
 *
 * <ol>
 *   <li><b>Ask first.</b> {@code GET /personal_access_tokens/self} with the old token: it must be active, not
 *       revoked, and have {@code api} or {@code self_rotate}. GitLab treats rotated tokens as a family and, when a
 *       revoked token is used to rotate, revokes the whole family (GitLab issue 524639, "Automatic reuse detection"
 *       in the personal access tokens API docs): so a token GitLab does not call active is never sent to rotate.</li>
 *   <li><b>Rotate.</b> {@code POST /personal_access_tokens/self/rotate}; a 405 means "not a personal token", and
 *       with a project or group named the matching {@code .../access_tokens/self/rotate} is tried. Every refusal
 *       (400, 401, 403, 404, 405) changed nothing. An answer that is lost (connection dropped, 5xx, no token in it)
 *       may or may not have rotated: the old token is asked again to tell which, and the rotation is never
 *       repeated.</li>
 *   <li><b>Store.</b> The new token goes to the plugin's {@link TokenWriteBack} at once, before anything else can
 *       fail. If storing fails, the new token is held in memory under the credential's key: {@link #retryWriteBack}
 *       stores that same token later, and {@link #rotate} refuses to rotate the credential again until it is stored
 *       (rotating with the old, now revoked token would revoke the new one).</li>
 *   <li><b>Verify.</b> {@code GET /personal_access_tokens/self} with the new token. Done after storing, since the old
 *       token is revoked either way and a stored, unverified token is better than an unstored one.</li>
 * </ol>
 *
 * <p>One instance must serve all rotations of a Jenkins controller, because it holds the tokens waiting to be
 * stored. They are held in memory only; a restart loses them, and the monitor line telling the administrator to
 * store the token is then replaced by the next check's "rejected" line.
 */
public final class GitLabTokenRotation {

    /** GitLab's default maximum token lifetime; an administrator may have set less (then GitLab answers 400). */
    static final int MAX_LIFETIME_DAYS = 365;

    private static final Set<String> SELF_ROTATING_SCOPES = Set.of("api", "self_rotate");

    private final Function<HostEndpoint, HostHttpClient> httpFor;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public GitLabTokenRotation(HostHttpClient http, Clock clock) {
        this(fixed(http), clock);
    }

    /**
     * @param httpFor the client for a server, for a controller that reaches servers through different proxies: the
     *                one instance then still serves every rotation
     */
    public GitLabTokenRotation(Function<HostEndpoint, HostHttpClient> httpFor, Clock clock) {
        this.httpFor = Objects.requireNonNull(httpFor, "httpFor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Rotates the credential's token and stores the new one through {@code writeBack}. Never throws for host or
     * store failures: each ends in its own {@link Result}.
     */
    public RotationOutcome rotate(RotationRequest request, TokenWriteBack writeBack) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(writeBack, "writeBack");
        String key = request.credentialKey();
        Pending waiting = pending.get(key);
        if (waiting != null) {
            return new RotationOutcome(Result.PENDING_WRITE_BACK, "Not rotated: the token rotated on "
                    + waiting.rotated.rotatedAt() + " is still waiting to be stored in the credential. Store it "
                    + "first; rotating again with the old token would make GitLab revoke the new one too.",
                    waiting.rotated);
        }
        if (!running.add(key)) {
            return new RotationOutcome(Result.NOT_ROTATED, "Not rotated: a rotation of this credential is already "
                    + "running.", null);
        }
        try {
            return rotateOnce(request, writeBack);
        } finally {
            running.remove(key);
        }
    }

    /**
     * Stores the token an earlier rotation could not store, with the same {@code writeBack} contract. Contacts
     * GitLab only to verify the stored token, never to rotate.
     *
     * @return NOT_ROTATED when nothing is waiting for this credential
     */
    public RotationOutcome retryWriteBack(String credentialKey, TokenWriteBack writeBack) {
        Objects.requireNonNull(writeBack, "writeBack");
        Pending waiting = pending.get(credentialKey);
        if (waiting == null) {
            return new RotationOutcome(Result.NOT_ROTATED, "No rotated token is waiting to be stored for this "
                    + "credential.", null);
        }
        return storeAndVerify(credentialKey, waiting.endpoint, waiting.rotated, writeBack);
    }

    /** The rotated token waiting to be stored for this credential, if any. */
    public Optional<RotatedToken> pending(String credentialKey) {
        Pending waiting = pending.get(credentialKey);
        return waiting == null ? Optional.empty() : Optional.of(waiting.rotated);
    }

    /**
     * Forgets a waiting token, for when an administrator stored it by hand. Only the plugin's explicit
     * administrator action should call this: afterwards the token exists nowhere in Jenkins' memory.
     */
    public boolean discardPending(String credentialKey) {
        return pending.remove(credentialKey) != null;
    }

    // ---------------------------------------------------------------- the steps

    private RotationOutcome rotateOnce(RotationRequest request, TokenWriteBack writeBack) {
        HostEndpoint endpoint = request.endpoint();
        HostHttpClient http = httpFor.apply(endpoint);
        SecretText old = request.token();
        TokenRecord before;
        try {
            HostResponse self = http.execute(readSelf(endpoint, old, "reading the token before rotating it"));
            if (self.status() == 401) {
                return notRotatable("GitLab refused the token (HTTP 401): it is wrong, expired or revoked, and a "
                        + "revoked token must never be used to rotate (GitLab would revoke its successors). Create a "
                        + "new token and update the credential.");
            }
            if (self.status() == 404) {
                return notRotatable("This GitLab has no /personal_access_tokens/self (older than 15.5), so it cannot "
                        + "rotate tokens by themselves either: renew the token by hand.");
            }
            before = TokenRecord.of(self.requireSuccess().json());
        } catch (HostApiException unanswered) {
            return notRotated("Not rotated: GitLab could not be asked about the token first (" + unanswered.getMessage()
                    + "). Nothing changed; the old token is still in use.");
        }
        if (before.revoked || !before.active) {
            return notRotatable("GitLab says the token \"" + before.name + "\" is " + (before.revoked ? "revoked" : "not "
                    + "active") + ": it must not be used to rotate (GitLab would revoke its successors). Create a new "
                    + "token and update the credential.");
        }
        if (before.scopes.stream().noneMatch(SELF_ROTATING_SCOPES::contains)) {
            return notRotatable("The token \"" + before.name + "\" has the scopes " + before.scopes + "; rotating "
                    + "itself needs api or self_rotate. Add the self_rotate scope (where this GitLab offers it) or renew it "
                    + "by hand.");
        }
        LocalDate newExpiry = chooseExpiry(request, before);
        String body = newExpiry == null ? "{}" : "{\"expires_at\":\"" + newExpiry + "\"}";

        HostResponse answer;
        try {
            answer = http.execute(rotateSelf(endpoint, "/personal_access_tokens/self/rotate", old, body));
            if (answer.status() == 405 && request.owner() != null) {
                // not a personal token: GitLab lets project and group tokens rotate themselves where it supports it
                String path = (request.ownerIsGroup() ? "/groups/" : "/projects/") + encode(request.owner())
                        + "/access_tokens/self/rotate";
                answer = http.execute(rotateSelf(endpoint, path, old, body));
            }
        } catch (HostApiException unanswered) {
            if (unanswered.failure() == Failure.RATE_LIMITED) {
                return notRotated("Not rotated: GitLab's rate limit was reached (" + unanswered.getMessage()
                        + "). Nothing changed; the next check tries again.");
            }
            return afterLostAnswer(endpoint, old, unanswered.getMessage());
        }
        int status = answer.status();
        if (status >= 200 && status < 300) {
            Optional<RotatedToken> rotated = parseRotated(answer);
            if (rotated.isEmpty()) {
                return afterLostAnswer(endpoint, old, "GitLab answered HTTP " + status + " without a new token");
            }
            return storeAndVerify(request.credentialKey(), endpoint, rotated.get(), writeBack);
        }
        String hostSaid = hostMessage(answer, old);
        return switch (status) {
            case 400 -> notRotated("GitLab refused the rotation (HTTP 400" + hostSaid + "). Nothing changed. If it "
                    + "names the expiry date, the server allows shorter lifetimes: choose an earlier date.");
            case 401 -> notRotatable("GitLab refused the token when rotating (HTTP 401" + hostSaid + "). Nothing "
                    + "changed; create a new token and update the credential.");
            case 403 -> notRotatable("GitLab does not let this token rotate itself (HTTP 403" + hostSaid + "): it "
                    + "needs the api or self_rotate scope. Nothing changed.");
            case 404 -> notRotatable("This GitLab cannot rotate " + (request.owner() == null ? "personal access tokens"
                    : "project or group access tokens") + " by themselves (HTTP 404; self-rotation came in GitLab "
                    + "16.10). Nothing changed: renew the token by hand.");
            case 405 -> notRotatable(request.owner() == null
                    ? "GitLab says this is not a personal access token (HTTP 405). Nothing changed. For a project or "
                            + "group access token, name its project or group so it can rotate itself there."
                    : "This GitLab cannot rotate " + (request.ownerIsGroup() ? "group" : "project") + " access tokens "
                            + "by themselves (HTTP 405). Nothing changed: renew the token by hand.");
            default -> status >= 500
                    ? afterLostAnswer(endpoint, old, "GitLab failed with HTTP " + status)
                    : notRotated("GitLab answered the rotation with HTTP " + status + hostSaid + ". Nothing changed.");
        };
    }

    /**
     * The rotation's answer is lost: GitLab may have rotated (old token revoked, new one unknown) or not. The old
     * token tells which; the rotation itself is never repeated.
     */
    private RotationOutcome afterLostAnswer(HostEndpoint endpoint, SecretText old, String what) {
        HostHttpClient http = httpFor.apply(endpoint);
        try {
            HostResponse self = http.execute(readSelf(endpoint, old, "checking the token after a lost rotation answer"));
            boolean gone = self.status() == 401;
            if (self.isSuccessful()) {
                TokenRecord now = TokenRecord.of(self.json());
                gone = now.revoked || !now.active;
            } else if (!gone) {
                self.requireSuccess();
            }
            if (gone) {
                return new RotationOutcome(Result.LOST, "GitLab rotated the token but its answer was lost (" + what
                        + "): the old token is revoked and the new one is unknown. Create a new token and update the "
                        + "credential. Do not rotate with the old token: GitLab would revoke every token of its family.",
                        null);
            }
            return notRotated("Not rotated: " + what + ", and the old token is still active, so nothing changed. The "
                    + "next check tries again.");
        } catch (HostApiException unanswered) {
            return new RotationOutcome(Result.UNKNOWN, "The rotation's answer was lost (" + what + ") and GitLab could "
                    + "not be asked afterwards whether it rotated. The next health check tells; until then do not "
                    + "rotate again. If the credential is refused, create a new token by hand.", null);
        }
    }

    private RotationOutcome storeAndVerify(String key, HostEndpoint endpoint, RotatedToken rotated,
            TokenWriteBack writeBack) {
        try {
            writeBack.store(rotated);
        } catch (Exception notStored) {
            pending.put(key, new Pending(endpoint, rotated));
            String why = String.valueOf(notStored.getMessage()).replace(rotated.token().reveal(), "****");
            return new RotationOutcome(Result.NOT_STORED, "Rotated, not stored: GitLab revoked the old token and the "
                    + "new one could not be saved in the credential (" + why + "). Store this new token now: Jenkins "
                    + "keeps it in memory and retries, but loses it on restart.", rotated);
        }
        pending.remove(key);
        String expiry = rotated.expiresOn().map(day -> ", expires " + day).orElse("");
        try {
            HostResponse self = httpFor.apply(endpoint)
                    .execute(readSelf(endpoint, rotated.token(), "verifying the rotated token"));
            if (self.status() == 401) {
                return new RotationOutcome(Result.ROTATED_NEW_TOKEN_REFUSED, "Rotated and stored, but GitLab refuses "
                        + "the new token (HTTP 401): someone may have used an old token of its family, which revokes "
                        + "them all. Create a new token and update the credential.", rotated);
            }
            if (self.isSuccessful() && TokenRecord.of(self.json()).active) {
                return new RotationOutcome(Result.ROTATED, "Rotated and stored" + expiry + ".", rotated);
            }
            return new RotationOutcome(Result.ROTATED_UNVERIFIED, "Rotated and stored" + expiry + "; GitLab answered "
                    + "HTTP " + self.status() + " when asked about the new token. The next health check tells.", rotated);
        } catch (HostApiException unanswered) {
            return new RotationOutcome(Result.ROTATED_UNVERIFIED, "Rotated and stored" + expiry + "; GitLab could not "
                    + "be asked whether the new token works (" + unanswered.getMessage() + "). The next health check "
                    + "tells.", rotated);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Function<HostEndpoint, HostHttpClient> fixed(HostHttpClient http) {
        Objects.requireNonNull(http, "http");
        return endpoint -> http;
    }

    /** The requested day, else the old token's lifetime again from today, at most GitLab's default maximum. */
    private LocalDate chooseExpiry(RotationRequest request, TokenRecord before) {
        if (request.expiresOn() != null) {
            return request.expiresOn();
        }
        if (before.expiresOn == null) {
            return null; // a token without expiry: let the server apply its own rule
        }
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        long lifetime = before.createdOn == null ? MAX_LIFETIME_DAYS
                : ChronoUnit.DAYS.between(before.createdOn, before.expiresOn);
        return today.plusDays(Math.max(1, Math.min(MAX_LIFETIME_DAYS, lifetime)));
    }

    private Optional<RotatedToken> parseRotated(HostResponse answer) {
        JsonNode body;
        try {
            body = answer.json();
        } catch (HostApiException notJson) {
            return Optional.empty();
        }
        String token = body.path("token").asText("");
        if (token.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new RotatedToken(SecretText.of(token), body.path("id").asLong(0),
                body.path("name").asText(""), day(body.path("expires_at")), clock.instant()));
    }

    private static HostRequest readSelf(HostEndpoint endpoint, SecretText token, String doing) {
        return HostRequest.get(endpoint.apiUrl("/personal_access_tokens/self"))
                .auth(HostAuthentication.privateToken(token)).describedAs(doing);
    }

    private static HostRequest rotateSelf(HostEndpoint endpoint, String path, SecretText token, String body) {
        return HostRequest.post(endpoint.apiUrl(path), body)
                .auth(HostAuthentication.privateToken(token)).describedAs("rotating the token");
    }

    private static String hostMessage(HostResponse answer, SecretText token) {
        try {
            JsonNode message = answer.json().path("message");
            String text = message.isTextual() ? message.asText() : message.isMissingNode() ? "" : message.toString();
            text = text.replace(token.reveal(), "****").replaceAll("\\s+", " ").strip();
            return text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
        } catch (HostApiException notJson) {
            return "";
        }
    }

    private static String encode(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static LocalDate day(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        String text = node.asText();
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    private static RotationOutcome notRotated(String message) {
        return new RotationOutcome(Result.NOT_ROTATED, message, null);
    }

    private static RotationOutcome notRotatable(String message) {
        return new RotationOutcome(Result.NOT_ROTATABLE, message, null);
    }

    /** A rotated token waiting to be stored, and where to verify it. */
    private record Pending(HostEndpoint endpoint, RotatedToken rotated) {}

    /** What GET /personal_access_tokens/self says about a token. */
    private record TokenRecord(String name, boolean active, boolean revoked, java.util.List<String> scopes,
            LocalDate createdOn, LocalDate expiresOn) {

        static TokenRecord of(JsonNode json) {
            java.util.List<String> scopes = new java.util.ArrayList<>();
            json.path("scopes").forEach(scope -> scopes.add(scope.asText()));
            LocalDate created = null;
            if (json.path("created_at").isTextual()) {
                try {
                    created = OffsetDateTime.parse(json.path("created_at").asText()).toLocalDate();
                } catch (DateTimeParseException unreadable) {
                    created = day(json.path("created_at"));
                }
            }
            return new TokenRecord(json.path("name").asText(""), json.path("active").asBoolean(false),
                    json.path("revoked").asBoolean(false), scopes, created, day(json.path("expires_at")));
        }
    }
}
