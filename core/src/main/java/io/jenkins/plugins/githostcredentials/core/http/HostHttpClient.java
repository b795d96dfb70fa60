package io.jenkins.plugins.githostcredentials.core.http;

import io.jenkins.plugins.githostcredentials.core.host.HostAuthentication;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * Sends {@link HostRequest}s to git hosts through one configured OkHttp client.
 *
 * <p>{@link #execute} retries what is safe to retry: HTTP 429 and GitHub's 403 rate limits for every method (the
 * host did not process the request), and 5xx for GET, DELETE and HEAD only (a POST may have taken effect). It
 * waits as the host asks (Retry-After, x-ratelimit-reset) or with capped exponential backoff, but never longer than
 * {@link HttpSettings#maxRetryWait()} at once and never past the request's deadline. A retryable answer that is not
 * retried ends in a {@link HostApiException}; every other answer, 4xx included, is returned.
 */
public final class HostHttpClient {

    private static final Logger LOGGER = Logger.getLogger(HostHttpClient.class.getName());

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(16);

    private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "DELETE");
    private static final MediaType JSON_MEDIA_TYPE = MediaType.get("application/json; charset=utf-8");

    /** Clients built from one base share its connection pool and threads. */
    private static final OkHttpClient SHARED_BASE = new OkHttpClient();

    /** Waits between attempts; tests replace it so they never really sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final HttpSettings settings;
    private final OkHttpClient okHttp;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;

    public HostHttpClient(HttpSettings settings) {
        this(settings, Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param jitter values in [0, 1] that spread backoff waits between half and all of the nominal wait, so many
     *               clients do not retry in step
     */
    HostHttpClient(HttpSettings settings, Clock clock, Sleeper sleeper, DoubleSupplier jitter) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.okHttp = settings.proxy().applyTo(SHARED_BASE.newBuilder())
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                // an https -> http redirect would send the token in clear text
                .followSslRedirects(false)
                .addNetworkInterceptor(HostHttpClient::dropAuthOnOtherOrigin)
                .build();
    }

    /** The time by the clock this client checks {@link HostRequest#deadline(Instant) deadlines} against. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * Sends the request, retrying as described on the class, and returns the host's final answer (any status).
     *
     * @throws HostApiException when no HTTP answer came ({@link Failure#UNREACHABLE}, {@link Failure#TIMEOUT}), or
     *                          a retryable answer could not be retried: attempts used up, the host asked for a wait
     *                          longer than allowed, or the deadline would pass
     */
    public HostResponse execute(HostRequest request) throws HostApiException {
        Objects.requireNonNull(request, "request");
        for (int attempt = 1; ; attempt++) {
            requireBeforeDeadline(request, attempt);
            HostResponse response = send(request);
            if (!isRetryable(request, response)) {
                return response;
            }
            if (attempt >= settings.maxAttempts()) {
                throw response.failure(attempt > 1 ? "; gave up after " + attempt + " attempts" : "");
            }
            Duration wait = waitBeforeRetry(response, attempt);
            Instant resumeAt = clock.instant().plus(wait);
            if (wait.compareTo(settings.maxRetryWait()) > 0) {
                throw response.failure("; not waiting that long (waits are limited to "
                        + settings.maxRetryWait().toSeconds() + " s)");
            }
            if (request.deadline().isPresent() && resumeAt.isAfter(request.deadline().get())) {
                throw response.failure("; gave up retrying: the next attempt would be after the request's deadline");
            }
            if (LOGGER.isLoggable(Level.FINE)) {
                LOGGER.fine(request.methodAndSafeUrl() + " answered HTTP " + response.status() + "; attempt "
                        + (attempt + 1) + " of " + settings.maxAttempts() + " in " + wait.toMillis() + " ms");
            }
            sleep(request, wait);
        }
    }

    private boolean isRetryable(HostRequest request, HostResponse response) {
        if (response.isRateLimited()) {
            return true;
        }
        int status = response.status();
        boolean transientServerError = status >= 500 && status != 501 && status != 505;
        return transientServerError && IDEMPOTENT_METHODS.contains(request.method());
    }

    /** As long as the host asked for, else exponential backoff capped at MAX_BACKOFF and maxRetryWait. */
    private Duration waitBeforeRetry(HostResponse response, int attempt) {
        Instant now = clock.instant();
        return response.retryAt()
                .map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO)
                .orElseGet(() -> backoff(attempt));
    }

    private Duration backoff(int attempt) {
        Duration cap = MAX_BACKOFF.compareTo(settings.maxRetryWait()) < 0 ? MAX_BACKOFF : settings.maxRetryWait();
        Duration nominal = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 20));
        if (nominal.compareTo(cap) > 0) {
            nominal = cap;
        }
        double spread = Math.max(0, Math.min(1, jitter.getAsDouble()));
        return Duration.ofMillis(Math.round(nominal.toMillis() * (0.5 + 0.5 * spread)));
    }

    private void sleep(HostRequest request, Duration wait) throws HostApiException {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostApiException(Failure.TIMEOUT, 0, request.sentenceStart()
                    + " was interrupted while waiting to retry" + where(request), null, e);
        }
    }

    private void requireBeforeDeadline(HostRequest request, int attempt) throws HostApiException {
        Instant deadline = request.deadline().orElse(null);
        if (deadline != null && !clock.instant().isBefore(deadline)) {
            String when = attempt == 1 ? "before it could be sent" : "before attempt " + attempt;
            throw new HostApiException(Failure.TIMEOUT, 0, request.sentenceStart()
                    + " failed: the request's deadline " + deadline + " passed " + when + where(request), null, null);
        }
    }

    private HostResponse send(HostRequest request) throws HostApiException {
        Call call = okHttp.newCall(toOkHttpRequest(request));
        long allowedMillis = request.deadline()
                .map(deadline -> Math.max(1, Duration.between(clock.instant(), deadline).toMillis()))
                .orElse(0L);
        if (allowedMillis > 0) {
            call.timeout().timeout(allowedMillis, TimeUnit.MILLISECONDS);
        }
        try (Response response = call.execute()) {
            BodyText body = readBounded(response.body());
            return new HostResponse(
                    request, response.code(), response.headers(), body.text(), body.truncated(), clock.instant());
        } catch (IOException e) {
            throw transportFailure(request, e, allowedMillis);
        }
    }

    private Request toOkHttpRequest(HostRequest request) {
        Request.Builder builder = new Request.Builder().url(request.url());
        for (HostRequest.Header header : request.headers()) {
            builder.header(header.name(), header.value());
        }
        if (!request.hasHeader("Accept")) {
            builder.header("Accept", "application/json");
        }
        if (!request.hasHeader("User-Agent")) {
            builder.header("User-Agent", settings.userAgent());
        }
        HostAuthentication auth = request.authentication();
        if (auth != null) {
            builder.header(auth.headerName(), auth.headerValue().reveal());
            builder.tag(AuthOrigin.class, new AuthOrigin(auth.headerName(), request.url()));
        }
        RequestBody body = request.jsonBody() == null ? null : RequestBody.create(request.jsonBody(), JSON_MEDIA_TYPE);
        if (body != null && !IDEMPOTENT_METHODS.contains(request.method())) {
            body = new SentOnce(body);
        }
        return builder.method(request.method(), body).build();
    }

    /**
     * A body OkHttp must not send twice. OkHttp silently repeats a request whose connection failed after sending
     * unless the body is one-shot; for a POST that may have taken effect that is wrong, and for a GitLab token
     * rotation it is harmful: a second rotation with the (now revoked) old token revokes the new one too.
     */
    private static final class SentOnce extends RequestBody {
        private final RequestBody body;

        SentOnce(RequestBody body) {
            this.body = body;
        }

        @Override
        public MediaType contentType() {
            return body.contentType();
        }

        @Override
        public long contentLength() throws IOException {
            return body.contentLength();
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            body.writeTo(sink);
        }

        @Override
        public boolean isOneShot() {
            return true;
        }
    }

    /** Where the auth header was meant to go. */
    private record AuthOrigin(String headerName, HttpUrl url) {
        boolean sameOrigin(HttpUrl other) {
            return url.scheme().equals(other.scheme()) && url.host().equals(other.host()) && url.port() == other.port();
        }
    }

    /**
     * OkHttp removes only "Authorization" when a redirect leaves the host; GitLab's PRIVATE-TOKEN would follow.
     * Every hop passes here, so a hop to another origin loses whichever header carries the credential.
     */
    private static Response dropAuthOnOtherOrigin(Interceptor.Chain chain) throws IOException {
        Request hop = chain.request();
        AuthOrigin origin = hop.tag(AuthOrigin.class);
        if (origin != null && !origin.sameOrigin(hop.url())) {
            return chain.proceed(hop.newBuilder().removeHeader(origin.headerName()).build());
        }
        return chain.proceed(hop);
    }

    private record BodyText(String text, boolean truncated) {}

    private static BodyText readBounded(ResponseBody body) throws IOException {
        if (body == null) {
            return new BodyText("", false);
        }
        BufferedSource source = body.source();
        boolean truncated = source.request(HostResponse.MAX_BODY_BYTES + 1L);
        long bytes = Math.min(source.getBuffer().size(), HostResponse.MAX_BODY_BYTES);
        MediaType type = body.contentType();
        Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
        return new BodyText(source.getBuffer().readString(bytes, charset), truncated);
    }

    /** @param allowedMillis how long the deadline left for the attempt, 0 without a deadline */
    private HostApiException transportFailure(HostRequest request, IOException e, long allowedMillis) {
        String what = request.sentenceStart() + " failed: ";
        String host = request.url().host();
        String checkNetwork = ": check the server URL and the controller's network/proxy";
        if (e instanceof ProxySettings.ProxyAuthenticationException) {
            return new HostApiException(Failure.UNREACHABLE, 0, what + e.getMessage() + where(request), null, e);
        }
        if (e instanceof SSLException) {
            return new HostApiException(Failure.UNREACHABLE, 0, what + "TLS handshake failed with " + host
                    + ": is the certificate trusted by the Jenkins JVM?" + where(request), null, e);
        }
        if (e instanceof UnknownHostException) {
            return new HostApiException(Failure.UNREACHABLE, 0, what + "cannot reach " + host
                    + " (unknown host name)" + checkNetwork + where(request), null, e);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new HostApiException(Failure.UNREACHABLE, 0, what + "cannot reach " + host
                    + " (connection refused or no route)" + checkNetwork + where(request), null, e);
        }
        if (e instanceof SocketTimeoutException) {
            return new HostApiException(Failure.TIMEOUT, 0, what + "no answer from " + host + " in time (connect"
                    + " timeout " + settings.connectTimeout().toMillis() + " ms, read timeout "
                    + settings.readTimeout().toMillis() + " ms): the host or the network is slow or down"
                    + where(request), null, e);
        }
        if (e instanceof InterruptedIOException) {
            // OkHttp's call timeout, set from the request's deadline
            return new HostApiException(Failure.TIMEOUT, 0, what + "no answer from " + host + " within the "
                    + allowedMillis + " ms left before the request's deadline" + where(request), null, e);
        }
        return new HostApiException(Failure.UNREACHABLE, 0, what + "the connection to " + host + " failed ("
                + e.getClass().getSimpleName() + ")" + checkNetwork + where(request), null, e);
    }

    private static String where(HostRequest request) {
        return " (" + request.methodAndSafeUrl() + ")";
    }
}
