package io.jenkins.plugins.githostcredentials.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.Headers;

/** A host's complete answer to a {@link HostRequest}: status, headers and the body, already read. */
public final class HostResponse {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HostRequest request;
    private final int status;
    private final Headers headers;
    private final String body;

    HostResponse(HostRequest request, int status, Headers headers, String body) {
        this.request = request;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public List<String> headers(String name) {
        return headers.values(name);
    }

    public String body() {
        return body;
    }

    public JsonNode json() throws HostApiException {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new HostApiException(Failure.BAD_RESPONSE, status, "expected JSON from " + request.safeUrl(), null, null);
        }
    }

    public HostResponse requireSuccess() throws HostApiException {
        if (isSuccessful()) {
            return this;
        }
        throw new HostApiException(Failure.CLIENT_ERROR, status, "HTTP " + status + " from " + request.safeUrl(), null, null);
    }

    public Optional<Instant> serverDate() {
        return Optional.ofNullable(headers.getInstant("Date"));
    }

    public RateLimit rateLimit() {
        return RateLimit.UNKNOWN;
    }
}
