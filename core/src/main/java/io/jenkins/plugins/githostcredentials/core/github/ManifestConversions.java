package io.jenkins.plugins.githostcredentials.core.github;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.github.ManifestConversionException.Reason;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.http.Failure;
import io.jenkins.plugins.githostcredentials.core.http.HostApiException;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import io.jenkins.plugins.githostcredentials.core.http.HostRequest;
import io.jenkins.plugins.githostcredentials.core.http.HostResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The last step of the manifest flow: {@code POST {apiBase}/app-manifests/{code}/conversions} turns the code GitHub
 * put on the redirect into the new app's ID, private key, client secret and webhook secret. The call needs no
 * authentication (the code is the credential); a code works once and for one hour.
 */
public final class ManifestConversions {

    private static final Logger LOGGER = Logger.getLogger(ManifestConversions.class.getName());

    /**
     * GitHub's codes are hex strings (its documentation shows {@code a180b1a3d263c81bc6441d7b990bae27d4c10679}).
     * Letters, digits, '-' and '_' are accepted in case the form changes; anything else, a '/' or '.' above all, is
     * refused so the code cannot steer the request to another API path.
     */
    static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private static final int MAX_MESSAGE_CHARS = 300;
    private static final String START_AGAIN = "Start the registration again from Jenkins (Create a GitHub App).";
    private static final String START_AGAIN_LATER_IN_SENTENCE =
            "start the registration again from Jenkins (Create a GitHub App).";

    private final HostHttpClient http;

    public ManifestConversions(HostHttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * Converts the code of a registration on {@code github} (take it from the redeemed {@link ManifestTarget}, never
     * from the redirect).
     *
     * @throws ManifestConversionException saying what happened and what to do; never containing the code or a secret
     */
    public RegisteredApp convert(HostEndpoint github, String code) throws ManifestConversionException {
        Objects.requireNonNull(github, "github");
        String value = code == null ? "" : code.strip();
        if (!CODE.matcher(value).matches()) {
            throw new ManifestConversionException(Reason.INVALID_CODE, 0, value.isEmpty()
                    ? "GitHub came back without a code, so the app's credentials cannot be fetched. If GitHub showed "
                            + "an error, fix what it said; otherwise " + START_AGAIN_LATER_IN_SENTENCE
                    : "The code on GitHub's redirect is not one GitHub issues (letters and digits only), so it was not "
                            + "sent to GitHub. " + START_AGAIN, null);
        }
        String doing = "fetching the new GitHub App's credentials";
        HostRequest request = HostRequest.post(github.apiUrl("/app-manifests/" + value + "/conversions"), "{}")
                .header("Accept", GitHubAppApi.ACCEPT)
                .header("X-GitHub-Api-Version", GitHubAppApi.API_VERSION)
                .describedAs(doing);
        HostResponse response;
        try {
            response = http.execute(request);
        } catch (HostApiException e) {
            Reason reason = e.failure() == Failure.RATE_LIMITED ? Reason.RATE_LIMITED : Reason.HOST_UNAVAILABLE;
            throw new ManifestConversionException(reason, e.status(), "Could not finish " + doing + " at "
                    + github.apiBaseUrl() + ": " + withoutCode(e.getMessage(), value) + ". GitHub's code stays valid "
                    + "for an hour after the app was created, so trying again may work; if it keeps failing, delete the app in its "
                    + "settings on " + github.hostName() + " and " + START_AGAIN_LATER_IN_SENTENCE, null);
        }
        int status = response.status();
        String githubSaid = "(HTTP " + status + messageSuffix(response, value) + ")";
        switch (status) {
            case 201, 200 -> {
                return parse(github, response, value);
            }
            case 404 -> throw new ManifestConversionException(Reason.CODE_NOT_FOUND, status, "GitHub does not know "
                    + "this registration's code " + githubSaid + ": it expires one hour after the app is created and "
                    + "works only once. " + START_AGAIN + " If GitHub created an app anyway, delete it in its settings "
                    + "(Developer settings > GitHub Apps) on " + github.hostName() + ".", null);
            case 422 -> throw new ManifestConversionException(Reason.REFUSED, status, "GitHub refused to hand out the "
                    + "new app's credentials " + githubSaid + ". " + START_AGAIN, null);
            default -> {
                if (status == 429 || status == 403) {
                    throw new ManifestConversionException(Reason.RATE_LIMITED, status, "GitHub refused " + doing + " "
                            + githubSaid + "; this endpoint is rate limited. Try again in a few minutes, within an hour "
                            + "of creating the app.", null);
                }
                if (status >= 500) {
                    throw new ManifestConversionException(Reason.HOST_UNAVAILABLE, status, "GitHub failed while "
                            + doing + " " + githubSaid + ". This is usually temporary: try again within an hour of "
                            + "creating the app (GitHub's code stays valid until it is converted).", null);
                }
                throw new ManifestConversionException(Reason.UNEXPECTED_RESPONSE, status, "GitHub answered "
                        + "unexpectedly while " + doing + " " + githubSaid + ". Is " + github.apiBaseUrl()
                        + " the API of the server the app was created on?", null);
            }
        }
    }

    private static RegisteredApp parse(HostEndpoint github, HostResponse response, String code)
            throws ManifestConversionException {
        JsonNode json;
        try {
            json = response.json();
        } catch (HostApiException e) {
            throw unusable(github, null, "its answer could not be read (" + withoutCode(e.getMessage(), code) + ")", e);
        }
        long id = json.path("id").asLong(0);
        String slug = json.path("slug").asText("");
        String htmlUrl = json.path("html_url").asText("");
        String pem = json.path("pem").asText("");
        String clientSecret = json.path("client_secret").asText("");
        if (id <= 0 || slug.isEmpty() || pem.isBlank() || clientSecret.isBlank()) {
            throw unusable(github, htmlUrl, "the answer lacks " + missing(id, slug, pem, clientSecret), null);
        }
        GitHubAppKey key;
        try {
            key = GitHubAppKey.parse(pem);
        } catch (InvalidAppKeyException e) {
            // The intake's advice is about pasting a key, which does not apply here; its detail is not needed.
            throw unusable(github, htmlUrl, "the private key GitHub sent cannot be read as an RSA private key", null);
        }
        String webhookSecret = json.path("webhook_secret").asText("");
        JsonNode owner = json.path("owner");
        RegisteredApp app = new RegisteredApp(
                github,
                id,
                slug,
                json.path("name").asText(slug),
                json.path("client_id").asText(""),
                owner.path("login").asText(""),
                owner.path("type").asText(""),
                htmlUrl,
                permissions(json.path("permissions")),
                events(json.path("events")),
                key,
                SecretText.of(pem),
                SecretText.of(clientSecret),
                webhookSecret.isBlank() ? Optional.empty() : Optional.of(SecretText.of(webhookSecret)));
        LOGGER.log(Level.INFO, "Created the GitHub App {0} (ID {1}) owned by {2} on {3}, key {4}",
                new Object[] {app.slug(), app.id(), app.ownerLogin(), github.hostName(), app.keyFingerprint()});
        return app;
    }

    private static ManifestConversionException unusable(HostEndpoint github, String htmlUrl, String detail,
            Throwable cause) {
        String where = htmlUrl == null || htmlUrl.isBlank()
                ? "in Developer settings > GitHub Apps on " + github.hostName()
                : "at " + htmlUrl;
        return new ManifestConversionException(Reason.UNEXPECTED_RESPONSE, 201, "GitHub created the app but " + detail
                + ". Find the app " + where + ": generate a private key in its settings and create the credential by "
                + "hand, or delete the app and start the registration again from Jenkins.", cause);
    }

    private static String missing(long id, String slug, String pem, String clientSecret) {
        List<String> fields = new ArrayList<>();
        if (id <= 0) {
            fields.add("id");
        }
        if (slug.isEmpty()) {
            fields.add("slug");
        }
        if (pem.isBlank()) {
            fields.add("pem");
        }
        if (clientSecret.isBlank()) {
            fields.add("client_secret");
        }
        return String.join(", ", fields);
    }

    private static Map<String, String> permissions(JsonNode node) {
        Map<String, String> permissions = new LinkedHashMap<>();
        node.properties().forEach(field -> permissions.put(field.getKey(), field.getValue().asText()));
        return permissions;
    }

    private static List<String> events(JsonNode node) {
        List<String> events = new ArrayList<>();
        node.forEach(event -> events.add(event.asText()));
        return events;
    }

    /** GitHub's "message", shortened; empty when the body is not GitHub's JSON error shape. */
    private static String messageSuffix(HostResponse response, String code) {
        try {
            String message = response.json().path("message").asText("").strip();
            if (message.length() > MAX_MESSAGE_CHARS) {
                message = message.substring(0, MAX_MESSAGE_CHARS) + "...";
            }
            return message.isEmpty() ? "" : ": " + withoutCode(message, code);
        } catch (HostApiException e) {
            return "";
        }
    }

    /** The code is a credential for an hour: URLs in messages show a placeholder instead. */
    private static String withoutCode(String message, String code) {
        return message == null ? "" : message.replace(code, "{code}");
    }
}
