package io.jenkins.plugins.githostcredentials.core.http;

import io.jenkins.plugins.githostcredentials.core.host.HostAuthentication;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * One REST call to a git host. Immutable: every modifier returns a new request, so a base request can be
 * shared and refined. {@link #toString()} shows header names only, never their values, and no query string.
 */
public final class HostRequest {

    private final String method;
    private final HttpUrl url;
    private final String jsonBody;
    private final HostAuthentication auth;
    private final List<Header> headers;
    private final Instant deadline;
    private final String description;

    private HostRequest(
            String method,
            HttpUrl url,
            String jsonBody,
            HostAuthentication auth,
            List<Header> headers,
            Instant deadline,
            String description) {
        this.method = method;
        this.url = url;
        this.jsonBody = jsonBody;
        this.auth = auth;
        this.headers = headers;
        this.deadline = deadline;
        this.description = description;
    }

    public static HostRequest get(String url) {
        return create("GET", url, null);
    }

    /** A POST whose body is the given JSON text, sent as {@code application/json; charset=utf-8}. */
    public static HostRequest post(String url, String jsonBody) {
        return create("POST", url, Objects.requireNonNull(jsonBody, "jsonBody"));
    }

    public static HostRequest delete(String url) {
        return create("DELETE", url, null);
    }

    /** Authenticates the request with the host's REST auth header. */
    public HostRequest auth(HostAuthentication authentication) {
        Objects.requireNonNull(authentication, "authentication");
        if (!isSendable(authentication.headerValue().reveal())) {
            throw new IllegalArgumentException("The token contains a line break or a character that cannot be sent"
                    + " in an HTTP header: paste the token again, without extra characters");
        }
        return new HostRequest(method, url, jsonBody, authentication, headers, deadline, description);
    }

    /** Sets a header, replacing any earlier value of the same (case-insensitive) name. */
    public HostRequest header(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!isSendable(value)) {
            // the value itself stays out of the message: it may be a secret
            throw new IllegalArgumentException("The value of header " + name
                    + " contains a line break or a character that cannot be sent in an HTTP header");
        }
        List<Header> copy = new ArrayList<>(headers.size() + 1);
        for (Header existing : headers) {
            if (!existing.name().equalsIgnoreCase(name)) {
                copy.add(existing);
            }
        }
        copy.add(new Header(name, value));
        return new HostRequest(method, url, jsonBody, auth, Collections.unmodifiableList(copy), deadline, description);
    }

    /** The moment after which the call gives up: no retry waits past it and a slow answer is cut off. */
    public HostRequest deadline(Instant giveUpAt) {
        return new HostRequest(
                method, url, jsonBody, auth, headers, Objects.requireNonNull(giveUpAt, "deadline"), description);
    }

    /**
     * What the call does, in words for error messages, as a lower-case phrase: "reading repository octo/hello",
     * "minting an installation token".
     */
    public HostRequest describedAs(String whatForHumans) {
        Objects.requireNonNull(whatForHumans, "whatForHumans");
        if (whatForHumans.isBlank()) {
            throw new IllegalArgumentException("describedAs needs a phrase such as \"reading the repository\"");
        }
        return new HostRequest(method, url, jsonBody, auth, headers, deadline, whatForHumans.strip());
    }

    String method() {
        return method;
    }

    HttpUrl url() {
        return url;
    }

    /** The JSON body of a POST, or {@code null}. */
    String jsonBody() {
        return jsonBody;
    }

    /** The auth header, or {@code null} for an anonymous call. */
    HostAuthentication authentication() {
        return auth;
    }

    List<Header> headers() {
        return headers;
    }

    Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    /** The describedAs phrase, or "calling HOST" when none was given. */
    String description() {
        return description != null ? description : "calling " + url.host();
    }

    /** The description with a capital letter, to start a sentence. */
    String sentenceStart() {
        String phrase = description();
        return Character.toUpperCase(phrase.charAt(0)) + phrase.substring(1);
    }

    /** "GET https://host/path", for the end of an error message. */
    String methodAndSafeUrl() {
        return method + " " + safeUrl();
    }

    boolean hasHeader(String name) {
        return headers.stream().anyMatch(header -> header.name().equalsIgnoreCase(name));
    }

    /** Scheme, host, port and path only: queries may carry secrets and user info always does. */
    String safeUrl() {
        return safeUrl(url);
    }

    static String safeUrl(HttpUrl url) {
        return url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
    }

    @Override
    public String toString() {
        List<String> headerNames = new ArrayList<>();
        for (Header header : headers) {
            headerNames.add(header.name());
        }
        return "HostRequest[" + method + " " + safeUrl()
                + (url.query() != null ? " (query omitted)" : "")
                + ", headers=" + headerNames
                + ", auth=" + (auth == null ? "none" : auth.scheme())
                + (deadline != null ? ", deadline=" + deadline : "")
                + (description != null ? ", describedAs=" + description : "")
                + "]";
    }

    private static HostRequest create(String method, String url, String jsonBody) {
        Objects.requireNonNull(url, "url");
        HttpUrl parsed = HttpUrl.parse(url.strip());
        if (parsed == null) {
            throw new IllegalArgumentException("'" + withoutQuery(url)
                    + "' is not an http:// or https:// URL: check the server URL of the credential");
        }
        return new HostRequest(method, parsed, jsonBody, null, List.of(), null, null);
    }

    /** Visible ASCII, space and tab: what an HTTP/1.1 header value may carry without encoding. */
    private static boolean isSendable(String headerValue) {
        return headerValue.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f));
    }

    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return (query < 0 ? url : url.substring(0, query)).strip();
    }

    /** One extra request header. */
    record Header(String name, String value) {
        Header {
            if (name.isBlank()) {
                throw new IllegalArgumentException("a header name must not be blank");
            }
            name = name.strip();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length") || lower.equals("host")) {
                throw new IllegalArgumentException("the " + name + " header is set by the HTTP client, do not set it");
            }
        }

        @Override
        public String toString() {
            return name; // values may be secrets
        }
    }
}
