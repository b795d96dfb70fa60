package io.jenkins.plugins.githostcredentials.core.inspect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * Answers MockWebServer requests by "METHOD /path?query" (exact) or "METHOD /path" (any query); anything else is
 * recorded as unexpected and answered 501, which the HTTP layer never retries.
 */
final class FakeHost extends Dispatcher {

    private final Map<String, MockResponse> routes = new LinkedHashMap<>();
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

    FakeHost on(String method, String path, MockResponse response) {
        routes.put(method + " " + path, response);
        return this;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        String key = request.getMethod() + " " + path;
        received.add(key);
        requests.add(request);
        MockResponse exact = routes.get(key);
        if (exact != null) {
            return exact;
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            MockResponse anyQuery = routes.get(request.getMethod() + " " + path.substring(0, query));
            if (anyQuery != null) {
                return anyQuery;
            }
        }
        unexpected.add(key);
        return new MockResponse().setResponseCode(501).setBody("{\"message\":\"no route in the test\"}");
    }

    List<String> received() {
        return List.copyOf(received);
    }

    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .setBody(body);
    }
}
