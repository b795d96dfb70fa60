package io.jenkins.plugins.githostcredentials.core.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.githostcredentials.core.host.HostAuthentication;
import io.jenkins.plugins.githostcredentials.core.http.HostApiException;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import io.jenkins.plugins.githostcredentials.core.http.HostRequest;
import io.jenkins.plugins.githostcredentials.core.http.HostResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The calls of one inspection: authenticated, with the host's standard headers, every answer's budget noted. */
final class HostSession {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HostHttpClient http;
    private final HostAuthentication auth;
    private final Map<String, String> headers;
    private final ReportDraft draft;

    HostSession(HostHttpClient http, HostAuthentication auth, Map<String, String> headers, ReportDraft draft) {
        this.http = http;
        this.auth = auth;
        this.headers = headers;
        this.draft = draft;
    }

    HostResponse get(String url, String what) throws HostApiException {
        return send(HostRequest.get(url), what);
    }

    /** A POST: only ever used here for calls that provably change nothing (see each probe's comment). */
    HostResponse post(String url, String jsonBody, String what) throws HostApiException {
        return send(HostRequest.post(url, jsonBody), what);
    }

    private HostResponse send(HostRequest base, String what) throws HostApiException {
        HostRequest request = base.auth(auth).describedAs(what);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            request = request.header(header.getKey(), header.getValue());
        }
        HostResponse response = http.execute(request);
        draft.observe(response);
        return response;
    }

    /** The body as JSON, or a missing node when it is not JSON (a host's HTML error page). */
    static JsonNode jsonOrEmpty(HostResponse response) {
        try {
            JsonNode node = JSON.readTree(response.body());
            return node == null ? JSON.missingNode() : node;
        } catch (java.io.IOException notJson) {
            return JSON.missingNode();
        }
    }

    /** " (the host said: \"...\")" with {@link HostResponse#hostMessage()}, or nothing. */
    static String quoted(HostResponse response) {
        return response.hostMessage().map(text -> " (the host said: \"" + text + "\")").orElse("");
    }

    /** One URL path segment, percent-encoded. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
