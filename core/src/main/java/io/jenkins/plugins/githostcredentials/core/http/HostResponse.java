package io.jenkins.plugins.githostcredentials.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.githostcredentials.core.host.HostAuthentication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;

/**
 * A host's complete answer to a {@link HostRequest}: status, headers (looked up case-insensitively) and the body,
 * already read (at most {@value #MAX_BODY_BYTES} bytes). {@link #toString()} shows no body and no query string.
 */
public final class HostResponse {

    /** API answers are small; anything bigger is not an API answer and is not kept in memory. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * GitHub docs, "Rate limits for the REST API" > "Exceeding the rate limit": after a secondary rate limit (403 or
     * 429) without retry-after and with budget left, "wait for at least one minute before retrying".
     */
    private static final Duration SECONDARY_LIMIT_WAIT = Duration.ofMinutes(1);

    private static final String ABUSE_DETECTION = "abuse detection";

    /** Longest excerpt of a host's error message quoted in our messages. */
    private static final int MAX_HOST_MESSAGE_CHARS = 300;

    /** Shorter pieces of an auth header are not worth redacting (and would redact ordinary words). */
    private static final int MIN_REDACTED_LENGTH = 8;

    private final HostRequest request;
    private final int status;
    private final Headers headers;
    private final String body;
    private final boolean bodyTruncated;
    private final Instant receivedAt;

    HostResponse(
            HostRequest request, int status, Headers headers, String body, boolean bodyTruncated, Instant receivedAt) {
        this.request = request;
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.bodyTruncated = bodyTruncated;
        this.receivedAt = receivedAt;
    }

    public int status() {
        return status;
    }

    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    /** The last value of the header, if sent. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** Every value of a repeated header, in order; empty when not sent. */
    public List<String> headers(String name) {
        return headers.values(name);
    }

    /** The body as text (empty for none), cut at {@value #MAX_BODY_BYTES} bytes. */
    public String body() {
        return body;
    }

    /**
     * The body parsed as JSON.
     *
     * @throws HostApiException {@link Failure#BAD_RESPONSE} when the body is not JSON, e.g. an HTML sign-in page
     *                          served because the URL does not point at the API
     */
    public JsonNode json() throws HostApiException {
        if (bodyTruncated) {
            throw badResponse("the answer from " + request.safeUrl() + " is larger than " + MAX_BODY_BYTES / 1024
                    + " KiB, which no API call here should return; is the API URL right?");
        }
        String got = describeContentType();
        if (body.isBlank()) {
            throw badResponse("expected JSON from " + request.safeUrl() + ", got an empty body (" + got + ")");
        }
        if (!declaresJson() && !looksLikeJson()) {
            throw badResponse("expected JSON from " + request.safeUrl() + ", got " + got + "; is the API URL right?");
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // The parser's message quotes the body; our own message is enough.
            throw badResponse("expected JSON from " + request.safeUrl() + ", got " + got
                    + " that does not parse as JSON; is the API URL right?");
        }
    }

    /**
     * Returns this response when the status is 2xx.
     *
     * @throws HostApiException typed by status, with a message that says what to fix
     */
    public HostResponse requireSuccess() throws HostApiException {
        if (isSuccessful()) {
            return this;
        }
        throw failure("");
    }

    /** The host's clock (Date header), useful to correct for a skewed local clock. */
    public Optional<Instant> serverDate() {
        return Optional.ofNullable(headers.getInstant("Date"));
    }

    /** The rate-limit budget the host reported: GitHub {@code x-ratelimit-*} or GitLab {@code RateLimit-*}. */
    public RateLimit rateLimit() {
        RateLimit github = readRateLimit("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset");
        if (github.limit().isPresent() || github.remaining().isPresent()) {
            return new RateLimit(
                    github.limit(), github.remaining(), github.resetAt(),
                    Optional.ofNullable(headers.get("x-ratelimit-resource")));
        }
        RateLimit gitlab = readRateLimit("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset");
        if (gitlab.limit().isPresent() || gitlab.remaining().isPresent()) {
            return gitlab;
        }
        return RateLimit.UNKNOWN;
    }

    @Override
    public String toString() {
        return "HostResponse[HTTP " + status + " from " + request.methodAndSafeUrl() + ", "
                + describeContentType() + ", " + body.length() + " chars" + (bodyTruncated ? " (truncated)" : "")
                + "]";
    }

    /**
     * True for HTTP 429, and for a 403 that is GitHub's way of saying "rate limited": a Retry-After header
     * (secondary limit), an exhausted x-ratelimit-remaining, or a message about a rate limit.
     */
    boolean isRateLimited() {
        if (status == 429) {
            return true;
        }
        return status == 403
                && (headers.get("Retry-After") != null
                        || rateLimit().exhausted()
                        || messageSays("rate limit")
                        || messageSays(ABUSE_DETECTION));
    }

    /**
     * GitHub's secondary rate limit, which GitHub's message names: "You have exceeded a secondary rate limit", or
     * "You have triggered an abuse detection mechanism" from GitHub Enterprise Server releases before the rename.
     */
    private boolean isGitHubSecondaryLimit() {
        return messageSays("secondary rate limit") || messageSays(ABUSE_DETECTION);
    }

    private boolean messageSays(String words) {
        return hostMessage().map(m -> m.toLowerCase(Locale.ROOT).contains(words)).orElse(false);
    }

    /**
     * When the host said a new attempt may succeed: Retry-After (seconds or HTTP date) on any status; for a rate
     * limit also the reset time of an exhausted budget, or a minute after a secondary limit that names no time.
     */
    Optional<Instant> retryAt() {
        Optional<Instant> retryAfter = retryAfter();
        if (retryAfter.isPresent() || !isRateLimited()) {
            return retryAfter;
        }
        RateLimit limit = rateLimit();
        if (limit.exhausted() && limit.resetAt().isPresent()) {
            return limit.resetAt();
        }
        if (isGitHubSecondaryLimit()) {
            return Optional.of(receivedAt.plus(SECONDARY_LIMIT_WAIT));
        }
        return Optional.empty();
    }

    /**
     * The typed error for this non-2xx answer.
     *
     * @param note appended to the explanation, e.g. why retrying stopped; empty for none
     */
    HostApiException failure(String note) {
        String what = request.sentenceStart();
        String where = " (" + request.methodAndSafeUrl() + ", HTTP " + status + ")";
        String hostSaid = hostMessage().map(m -> "; the host said: \"" + m + "\"").orElse("");
        Instant retryAt = retryAt().orElse(null);
        if (isRateLimited()) {
            String until = retryAt == null
                    ? "rate limited; try again later"
                    : "rate limited until " + retryAt.truncatedTo(ChronoUnit.SECONDS);
            return exception(Failure.RATE_LIMITED, what + " failed: " + until + rateLimitResource() + note + where,
                    retryAt);
        }
        if (status == 401) {
            return exception(Failure.UNAUTHORIZED, what + " failed: the token is invalid, expired or revoked:"
                    + " create a new token and update the credential" + hostSaid + note + where, retryAt);
        }
        if (status == 403) {
            return exception(Failure.FORBIDDEN, "The token lacks permission for " + request.description()
                    + acceptedGrants() + hostSaid + note + where, retryAt);
        }
        if (status == 404) {
            return exception(Failure.NOT_FOUND, what + " failed: not found, or the token cannot see it"
                    + " (private resources answer 404 to tokens without access)" + note + where, retryAt);
        }
        if (status == 422) {
            return exception(Failure.UNPROCESSABLE, what + " failed: the host refused the request as invalid"
                    + hostSaid + note + where, retryAt);
        }
        if (status == 407) {
            // only a proxy that is not Jenkins' own (JVM proxy properties) gets here: ProxySettings answers 407s
            return exception(Failure.UNREACHABLE, what + " failed: a proxy between Jenkins and the host demands "
                    + "authentication (HTTP 407): configure it, with its credentials, in Manage Jenkins > System > "
                    + "HTTP Proxy" + note + where, retryAt);
        }
        if (status >= 500) {
            String after = retryAt == null ? "" : " (the host suggests after " + retryAt.truncatedTo(ChronoUnit.SECONDS)
                    + ")";
            return exception(Failure.SERVER_ERROR, what + " failed: the host failed (HTTP " + status
                    + "); try again later" + after + hostSaid + note + where, retryAt);
        }
        if (status >= 300 && status < 400) {
            return exception(Failure.CLIENT_ERROR, what + " failed: unexpected redirect to " + safeLocation()
                    + "; is the API URL right?" + note + where, retryAt);
        }
        return exception(Failure.CLIENT_ERROR, what + " failed: the host refused the request (HTTP " + status + ")"
                + hostSaid + note + where, retryAt);
    }

    private HostApiException exception(Failure failure, String message, Instant retryAt) {
        return new HostApiException(failure, status, message, retryAt, null);
    }

    private HostApiException badResponse(String detail) {
        return new HostApiException(
                Failure.BAD_RESPONSE, status, request.sentenceStart() + " failed: " + detail, null, null);
    }

    private Optional<Instant> retryAfter() {
        String value = headers.get("Retry-After");
        if (value == null) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds < 0 ? Optional.empty() : Optional.of(receivedAt.plusSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            return Optional.ofNullable(headers.getInstant("Retry-After"));
        }
    }

    private RateLimit readRateLimit(String limitHeader, String remainingHeader, String resetHeader) {
        return new RateLimit(
                parseInt(headers.get(limitHeader)),
                parseInt(headers.get(remainingHeader)),
                parseReset(headers.get(resetHeader)),
                Optional.empty());
    }

    /** Epoch seconds as GitHub and GitLab send; small values are the IETF draft's delta seconds. */
    private Optional<Instant> parseReset(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number < 0) {
                return Optional.empty();
            }
            boolean deltaSeconds = number < 1_000_000_000L; // before 2001: cannot be a reset time
            return Optional.of(deltaSeconds ? receivedAt.plusSeconds(number) : Instant.ofEpochSecond(number));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static OptionalInt parseInt(String value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private String rateLimitResource() {
        return rateLimit().resource().map(resource -> " (rate limit \"" + resource + "\")").orElse("");
    }

    /** What GitHub (headers) or GitLab (insufficient_scope body) say the endpoint would accept. */
    private String acceptedGrants() {
        StringBuilder grants = new StringBuilder();
        String permissions = headers.get("X-Accepted-GitHub-Permissions");
        if (permissions != null && !permissions.isBlank()) {
            grants.append("; the endpoint needs GitHub permissions ").append(permissions.strip())
                    .append(" (';' separates alternatives)");
        }
        String scopes = headers.get("X-Accepted-OAuth-Scopes");
        if (scopes != null && !scopes.isBlank()) {
            grants.append("; the endpoint accepts token scopes: ").append(scopes.strip());
        }
        jsonField("scope").ifPresent(scope -> grants.append("; the endpoint accepts token scopes: ").append(scope));
        return grants.toString();
    }

    /**
     * The host's own explanation, from the error shapes the supported hosts use: {@code {"message"}} (GitHub,
     * GitLab, Gitea, Azure DevOps), {@code {"error":{"message"}}} (Bitbucket Cloud), {@code {"errors":[{"message"}]}}
     * (Bitbucket Data Center), {@code {"error_description"}} (OAuth errors, GitLab insufficient_scope).
     * Shortened to {@value #MAX_HOST_MESSAGE_CHARS} characters, on one line, and with every piece of the request's
     * credential replaced by {@code ****}: the one way a host's own words are quoted anywhere in core.
     */
    public Optional<String> hostMessage() {
        Optional<JsonNode> tree = errorTree();
        if (tree.isEmpty()) {
            return Optional.empty();
        }
        JsonNode root = tree.get();
        for (JsonNode candidate : List.of(
                root.path("message"),
                root.path("error").path("message"),
                root.path("errors").path(0).path("message"),
                root.path("error_description"),
                root.path("error"))) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return Optional.of(excerpt(candidate.asText()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> jsonField(String name) {
        return errorTree()
                .map(root -> root.path(name))
                .filter(node -> node.isTextual() && !node.asText().isBlank())
                .map(node -> excerpt(node.asText()));
    }

    private Optional<JsonNode> errorTree() {
        if (bodyTruncated || !looksLikeJson()) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(body);
            return root != null && root.isObject() ? Optional.of(root) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private String excerpt(String hostText) {
        String oneLine = hostText.replaceAll("\\s+", " ").strip();
        for (String secret : credentialPieces()) {
            oneLine = oneLine.replace(secret, "****");
        }
        return oneLine.length() <= MAX_HOST_MESSAGE_CHARS
                ? oneLine
                : oneLine.substring(0, MAX_HOST_MESSAGE_CHARS) + "...";
    }

    /** The auth header value, its words, and for Basic the decoded user:password parts: a host may echo any. */
    private List<String> credentialPieces() {
        HostAuthentication auth = request.authentication();
        List<String> pieces = new ArrayList<>();
        if (auth == null) {
            return pieces;
        }
        String value = auth.headerValue().reveal();
        pieces.add(value);
        for (String word : value.split("\\s+")) {
            pieces.add(word);
            if ("Basic".equalsIgnoreCase(auth.scheme())) {
                pieces.addAll(decodedBasicParts(word));
            }
        }
        pieces.removeIf(piece -> piece.length() < MIN_REDACTED_LENGTH);
        pieces.sort((a, b) -> b.length() - a.length()); // longest first, so no fragment of a secret survives
        return pieces;
    }

    private static List<String> decodedBasicParts(String word) {
        try {
            String pair = new String(Base64.getDecoder().decode(word), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? List.of(pair) : List.of(pair, pair.substring(colon + 1));
        } catch (IllegalArgumentException notBase64) {
            return List.of();
        }
    }

    private String safeLocation() {
        String location = headers.get("Location");
        if (location == null) {
            return "an address the host did not name";
        }
        HttpUrl target = request.url().resolve(location);
        return target == null ? "an address that is not an http(s) URL" : HostRequest.safeUrl(target);
    }

    private boolean declaresJson() {
        MediaType type = contentType();
        return type != null && type.subtype().toLowerCase(Locale.ROOT).contains("json");
    }

    private boolean looksLikeJson() {
        String start = body.stripLeading();
        return start.startsWith("{") || start.startsWith("[");
    }

    private MediaType contentType() {
        String header = headers.get("Content-Type");
        return header == null ? null : MediaType.parse(header);
    }

    private String describeContentType() {
        MediaType type = contentType();
        return type == null ? "no Content-Type" : type.type() + "/" + type.subtype();
    }
}
