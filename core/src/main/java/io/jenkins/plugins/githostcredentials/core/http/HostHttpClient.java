package io.jenkins.plugins.githostcredentials.core.http;

import java.io.IOException;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Sends {@link HostRequest}s to git hosts through one configured OkHttp client. */
public final class HostHttpClient {

    private static final MediaType JSON_MEDIA_TYPE = MediaType.get("application/json; charset=utf-8");

    private final HttpSettings settings;
    private final OkHttpClient okHttp;

    public HostHttpClient(HttpSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.okHttp = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .proxy(settings.proxy())
                .build();
    }

    public HostResponse execute(HostRequest request) throws HostApiException {
        Request.Builder builder = new Request.Builder().url(request.url());
        builder.method(request.method(),
                request.jsonBody() == null ? null : RequestBody.create(request.jsonBody(), JSON_MEDIA_TYPE));
        builder.header("User-Agent", settings.userAgent());
        if (request.authentication() != null) {
            builder.header(request.authentication().headerName(), request.authentication().headerValue().reveal());
        }
        try (Response response = okHttp.newCall(builder.build()).execute()) {
            return new HostResponse(request, response.code(), response.headers(), response.body().string());
        } catch (IOException e) {
            throw new HostApiException(Failure.UNREACHABLE, 0, "cannot reach " + request.url().host(), null, e);
        }
    }
}
