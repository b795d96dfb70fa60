package io.jenkins.plugins.githostcredentials.core.testing;

import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import io.jenkins.plugins.githostcredentials.core.http.HttpSettings;
import io.jenkins.plugins.githostcredentials.core.http.ProxySettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A MockWebServer answering "METHOD /path" (query ignored) with queued answers: the last one repeats. Unplanned calls
 * are recorded and answered 501 (never retried), so a test can assert that a check asked nothing it should not.
 */
public final class ScriptedHost extends Dispatcher implements AutoCloseable {

    private final MockWebServer server = new MockWebServer();
    private final Map<String, Deque<MockResponse>> routes = new LinkedHashMap<>();
    private final List<RecordedRequest> received = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    public ScriptedHost() throws IOException {
        server.setDispatcher(this);
        server.start();
    }

    /** Adds an answer; several for one route are given in order, the last one repeating. */
    public synchronized ScriptedHost on(String method, String path, MockResponse response) {
        routes.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).add(response);
        return this;
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        received.add(request);
        String path = request.getPath();
        int query = path.indexOf('?');
        String key = request.getMethod() + " " + (query < 0 ? path : path.substring(0, query));
        Deque<MockResponse> answers = routes.get(key);
        if (answers == null || answers.isEmpty()) {
            unexpected.add(key);
            return new MockResponse().setResponseCode(501).setBody("{\"message\":\"no route in the test\"}");
        }
        return answers.size() > 1 ? answers.poll() : answers.peek();
    }

    public HostEndpoint endpoint(HostKind kind, String serverUrl) {
        String api = server.url("/api").toString();
        return new HostEndpoint(kind, serverUrl, api.endsWith("/") ? api.substring(0, api.length() - 1) : api);
    }

    public List<String> calls() {
        return received.stream().map(r -> r.getMethod() + " " + r.getPath()).toList();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(received);
    }

    public List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    /** Short timeouts and one attempt: no test waits on retries. */
    public static HostHttpClient fastClient() {
        return new HostHttpClient(new HttpSettings(
                Duration.ofSeconds(2), Duration.ofSeconds(2), ProxySettings.direct(), "health-test", 1, Duration.ZERO));
    }

    public static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json; charset=utf-8").setBody(body);
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
