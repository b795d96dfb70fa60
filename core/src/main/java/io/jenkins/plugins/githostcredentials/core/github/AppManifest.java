package io.jenkins.plugins.githostcredentials.core.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.githostcredentials.core.capability.Capability;
import io.jenkins.plugins.githostcredentials.core.capability.Need;
import io.jenkins.plugins.githostcredentials.core.capability.RawPermission;
import io.jenkins.plugins.githostcredentials.core.capability.Requirements;
import io.jenkins.plugins.githostcredentials.core.capability.ScopeAdvice;
import io.jenkins.plugins.githostcredentials.core.capability.ScopeRule;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The manifest of GitHub's "Registering a GitHub App from a manifest" flow: the JSON that a browser form POSTs (as
 * the {@code manifest} field) to {@link #registrationUrl GitHub's registration page}, which then creates the app and
 * sends the browser back to {@code redirect_url} with a one-hour {@code code} for {@link ManifestConversions}.
 *
 * <p>Permissions come from the requirement words the rest of the product uses ({@code checkout}, {@code push},
 * {@code commit-status}, {@code pull-request-comment}, {@code checks}, {@code atlantis}, {@code github:NAME=LEVEL}),
 * translated by {@link ScopeAdvice} for GitHub App installation tokens, so the manifest asks for exactly what a
 * job would be checked against later. {@code metadata: read} is always included: GitHub grants it to every app.
 *
 * <p>Webhook events are only subscribed when a webhook URL is given, and only events the granted permissions allow:
 * GitHub rejects a manifest with "Default events are not supported by permissions" otherwise.
 */
public final class AppManifest {

    /** GitHub refuses longer app names ("The name cannot be longer than 34 characters"). */
    public static final int MAX_NAME_LENGTH = 34;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Webhook events a GitHub App may subscribe to with at least read access to each repository permission, as
     * GitHub's "Webhook events and payloads" page states per event ("To subscribe to this event, a GitHub App must
     * have at least read-level access for the ... repository permission"). Only the events a CI server reacts to.
     */
    private static final Map<String, List<String>> EVENTS_BY_PERMISSION = Map.of(
            "contents", List.of("push", "create", "delete"),
            "pull_requests", List.of("pull_request", "pull_request_review", "pull_request_review_comment",
                    "pull_request_review_thread"),
            "statuses", List.of("status"),
            "checks", List.of("check_run", "check_suite"),
            "issues", List.of("issues", "issue_comment"),
            "metadata", List.of("repository"));

    /** GitHub sends these to every app and refuses them in {@code default_events} ("Default events unsupported"). */
    private static final Set<String> ALWAYS_DELIVERED = Set.of("installation", "installation_repositories");

    private final String name;
    private final String homepageUrl;
    private final String redirectUrl;
    private final String description;
    private final boolean publicApp;
    private final String webhookUrl;
    private final String setupUrl;
    private final Map<String, String> permissions;
    private final List<String> events;

    private AppManifest(Builder builder, Map<String, String> permissions, List<String> events) {
        this.name = builder.name;
        this.homepageUrl = builder.homepageUrl;
        this.redirectUrl = builder.redirectUrl;
        this.description = builder.description;
        this.publicApp = builder.publicApp;
        this.webhookUrl = builder.webhookUrl;
        this.setupUrl = builder.setupUrl;
        this.permissions = permissions;
        this.events = events;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    /** Permission name to level, sorted by name, {@code metadata} included. */
    public Map<String, String> permissions() {
        return permissions;
    }

    /** The webhook events the app subscribes to; empty without a webhook. */
    public List<String> events() {
        return events;
    }

    public Optional<String> webhookUrl() {
        return Optional.ofNullable(webhookUrl);
    }

    public boolean isPublic() {
        return publicApp;
    }

    /**
     * The manifest as GitHub reads it: the value of the form field {@code manifest}. Without a webhook there is no
     * {@code hook_attributes} at all: GitHub requires {@code hook_attributes.url} whenever the object is present,
     * even with {@code active: false}, and rejects the manifest with 'Error "url" wasn't supplied'.
     */
    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        root.put("url", homepageUrl);
        root.put("redirect_url", redirectUrl);
        if (description != null) {
            root.put("description", description);
        }
        root.put("public", publicApp);
        ObjectNode defaultPermissions = root.putObject("default_permissions");
        permissions.forEach(defaultPermissions::put);
        if (webhookUrl != null) {
            ObjectNode hook = root.putObject("hook_attributes");
            hook.put("url", webhookUrl);
            hook.put("active", true);
            ArrayNode defaultEvents = root.putArray("default_events");
            events.forEach(defaultEvents::add);
        }
        if (setupUrl != null) {
            root.put("setup_url", setupUrl);
            root.put("setup_on_update", false);
        }
        return root.toString();
    }

    /**
     * Where the browser form must POST the manifest: {@code SERVER/settings/apps/new} to register the app on the
     * signed-in user's account, {@code SERVER/organizations/ORG/settings/apps/new} for an organization, with
     * {@code state} as a query parameter (GitHub hands it back on the redirect). SERVER is the endpoint's web server:
     * https://github.com, a GitHub Enterprise Server origin, or https://SUBDOMAIN.ghe.com, as {@code HostCatalog}
     * derives it from any URL of the host (including an API URL such as https://HOST/api/v3).
     *
     * @param organization the organization login, or null/blank for a personal account
     * @param state a value from {@link ManifestStates#issue}
     * @throws IllegalArgumentException when the endpoint is not GitHub or the organization is not a login
     */
    public static String registrationUrl(HostEndpoint github, String organization, String state) {
        Objects.requireNonNull(github, "github");
        if (!github.kind().isGitHub()) {
            throw new IllegalArgumentException("GitHub Apps can only be registered on GitHub, not on "
                    + github.kind().displayName() + ".");
        }
        if (state == null || state.isBlank()) {
            throw new IllegalArgumentException("A registration needs a state value from ManifestStates.issue.");
        }
        String path;
        if (organization == null || organization.isBlank()) {
            path = "/settings/apps/new";
        } else {
            String org = organization.strip();
            if (!InstallationLocator.OWNER.matcher(org).matches()) {
                throw new IllegalArgumentException("'" + org + "' is not a GitHub organization name (letters, digits "
                        + "and hyphens); leave it empty to register the app on your own account.");
            }
            path = "/organizations/" + org + "/settings/apps/new";
        }
        return github.serverUrl() + path + "?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }

    /**
     * The name to suggest for an app of the Jenkins at {@code jenkinsUrl}: "Jenkins ci.example.com", cut to the
     * length GitHub accepts. App names are unique on a GitHub host, so the controller's host name keeps two
     * controllers' apps apart; "Jenkins" alone when the URL has no host.
     */
    public static String suggestedName(String jenkinsUrl) {
        String host = null;
        if (jenkinsUrl != null) {
            try {
                host = new URI(jenkinsUrl.strip()).getHost();
            } catch (URISyntaxException notAUrl) {
                // no host to tell this controller's app apart: the plain name
            }
        }
        String name = host == null || host.isBlank() ? "Jenkins" : "Jenkins " + host;
        return name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH).strip();
    }

    /** {@link #registrationUrl(HostEndpoint, String, String)} for the host and organization of a registration. */
    public static String registrationUrl(ManifestTarget target, String state) {
        return registrationUrl(target.github(), target.organization(), state);
    }

    @Override
    public String toString() {
        return "AppManifest[" + name + ", permissions=" + permissions + ", events=" + events
                + (webhookUrl == null ? ", no webhook" : ", webhook " + webhookUrl) + (publicApp ? ", public" : ", private")
                + "]";
    }

    /** Collects the choices of the "Create a GitHub App" form; {@link #build} checks them all at once. */
    public static final class Builder {

        private String name;
        private String homepageUrl;
        private String redirectUrl;
        private String description;
        private boolean publicApp;
        private String webhookUrl;
        private String setupUrl;
        private final List<String> requirementWords = new ArrayList<>();
        private List<String> explicitEvents;

        private Builder() {}

        /** The app's name on GitHub, at most {@value #MAX_NAME_LENGTH} characters, unique on the GitHub host. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The app's homepage ({@code url} in the manifest, required by GitHub): usually the Jenkins root URL. */
        public Builder homepageUrl(String url) {
            this.homepageUrl = url;
            return this;
        }

        /** Where GitHub sends the browser back with {@code code} and {@code state}. */
        public Builder redirectUrl(String url) {
            this.redirectUrl = url;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** True lets any account install the app; false (the default) only the account that owns it. */
        public Builder publicApp(boolean publicApp) {
            this.publicApp = publicApp;
            return this;
        }

        /** Turns the webhook on with this URL; null or blank turns it off (no events are subscribed). */
        public Builder webhookUrl(String url) {
            this.webhookUrl = url;
            return this;
        }

        /** Optional page GitHub sends people to after they install the app. */
        public Builder setupUrl(String url) {
            this.setupUrl = url;
            return this;
        }

        /** Requirement words, as accepted by {@link Requirements#parse}; entries may hold several words. */
        public Builder require(Collection<String> words) {
            requirementWords.addAll(Objects.requireNonNull(words, "words"));
            return this;
        }

        /**
         * Replaces the suggested webhook events; each must be allowed by the permissions. Without a call the events
         * suited to the permissions are used.
         */
        public Builder events(Collection<String> events) {
            this.explicitEvents = new ArrayList<>(Objects.requireNonNull(events, "events"));
            return this;
        }

        /**
         * @throws IllegalArgumentException listing every problem, each with what to change
         */
        public AppManifest build() {
            List<String> problems = new ArrayList<>();
            name = name == null ? "" : name.strip();
            if (name.isEmpty()) {
                problems.add("Enter a name for the GitHub App (it is shown on every commit status and comment it makes).");
            } else if (name.length() > MAX_NAME_LENGTH) {
                problems.add("The app name '" + name + "' has " + name.length() + " characters; GitHub allows at most "
                        + MAX_NAME_LENGTH + ".");
            }
            homepageUrl = checkUrl("The homepage URL (the Jenkins root URL)", homepageUrl, true, problems);
            redirectUrl = checkUrl("The redirect URL", redirectUrl, true, problems);
            webhookUrl = checkUrl("The webhook URL", webhookUrl, false, problems);
            setupUrl = checkUrl("The setup URL", setupUrl, false, problems);
            description = description == null || description.isBlank() ? null : description.strip();

            Map<String, String> permissions = permissionsFor(requirementWords, problems);
            List<String> events = webhookUrl == null ? List.of() : eventsFor(permissions, explicitEvents, problems);
            if (webhookUrl == null && explicitEvents != null && !explicitEvents.isEmpty()) {
                problems.add("Webhook events were chosen but the webhook is off: enter a webhook URL, or choose no events.");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Cannot create the GitHub App: " + String.join(" ", problems));
            }
            return new AppManifest(this, permissions, events);
        }

        /** Absolute http(s) URL with a host, no user info (it would end up on GitHub's app page). */
        private static String checkUrl(String what, String value, boolean required, List<String> problems) {
            String url = value == null ? "" : value.strip();
            if (url.isEmpty()) {
                if (required) {
                    problems.add(what + " is missing.");
                }
                return null;
            }
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                problems.add(what + " '" + url + "' is not a URL.");
                return null;
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || (!scheme.equals("https") && !scheme.equals("http"))) {
                problems.add(what + " '" + url + "' must be an absolute URL starting with https:// (or http://).");
                return null;
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                problems.add(what + " '" + url + "' has no host name.");
                return null;
            }
            if (uri.getRawUserInfo() != null) {
                problems.add(what + " must not contain a user name or password.");
                return null;
            }
            return url;
        }
    }

    // ---------------------------------------------------------------- permissions and events

    /**
     * The GitHub App permissions the requirement words need, merged to the highest level asked, with metadata:read.
     * Capabilities are translated by {@link ScopeAdvice} (first alternative: what to suggest when creating a token).
     */
    static Map<String, String> permissionsFor(Collection<String> words, List<String> problems) {
        Map<String, String> permissions = new TreeMap<>();
        permissions.put("metadata", AppPermissions.READ);
        // each entry on its own, so that one refused word does not hide the problems of the others
        List<Need> needs = new ArrayList<>();
        for (String word : words) {
            try {
                needs.addAll(Requirements.parse(List.of(word)).needsFor(HostKind.GITHUB, TokenKind.GITHUB_INSTALLATION));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        for (Need need : needs) {
            if (need instanceof Capability capability) {
                Optional<ScopeRule> rule = ScopeAdvice.rule(HostKind.GITHUB, TokenKind.GITHUB_INSTALLATION, capability);
                if (rule.isEmpty()) {
                    problems.add("'" + capability.id() + "' cannot be granted to a GitHub App: " + ScopeAdvice
                            .unsupportedReason(HostKind.GITHUB, TokenKind.GITHUB_INSTALLATION, capability)
                            .orElse("not supported") + ".");
                } else if (!rule.get().needsNothing()) {
                    for (String entry : rule.get().alternatives().get(0)) {
                        int colon = entry.lastIndexOf(':');
                        merge(permissions, entry.substring(0, colon), entry.substring(colon + 1), problems);
                    }
                }
            } else if (need instanceof RawPermission raw) {
                if (raw.isGitHubPermission()) {
                    merge(permissions, raw.name(), raw.level(), problems);
                } else {
                    problems.add("'" + raw.id() + "' is not a GitHub App permission"
                            + (raw.id().startsWith("github:") ? " but a classic token scope" : "")
                            + ": write GitHub App permissions as github:NAME=LEVEL, e.g. github:contents=write.");
                }
            }
        }
        return Collections.unmodifiableMap(permissions);
    }

    private static void merge(Map<String, String> permissions, String name, String level, List<String> problems) {
        Optional<String> problem = AppPermissions.problemWith(name, level);
        if (problem.isPresent()) {
            problems.add(problem.get());
            return;
        }
        permissions.merge(name, level, (had, wanted) -> AppPermissions.covers(had, wanted) ? had : wanted);
    }

    private static List<String> eventsFor(Map<String, String> permissions, List<String> explicit, List<String> problems) {
        Set<String> allowed = new LinkedHashSet<>();
        for (String permission : permissions.keySet()) {
            allowed.addAll(EVENTS_BY_PERMISSION.getOrDefault(permission, List.of()));
        }
        if (explicit == null) {
            return List.copyOf(allowed);
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String raw : explicit) {
            String event = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            if (event.isEmpty()) {
                continue;
            }
            if (ALWAYS_DELIVERED.contains(event)) {
                problems.add("Do not choose the event '" + event + "': GitHub sends it to every app and refuses it "
                        + "in a manifest.");
            } else if (!allowed.contains(event)) {
                problems.add("The event '" + event + "' is not allowed by the app's permissions ("
                        + describe(permissions) + "); events these permissions allow: " + String.join(", ", allowed)
                        + ".");
            } else {
                chosen.add(event);
            }
        }
        return List.copyOf(chosen);
    }

    private static String describe(Map<String, String> permissions) {
        List<String> parts = new ArrayList<>();
        permissions.forEach((name, level) -> parts.add(name + ":" + level));
        return String.join(", ", parts);
    }
}
