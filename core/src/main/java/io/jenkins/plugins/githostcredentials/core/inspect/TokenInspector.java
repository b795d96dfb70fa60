package io.jenkins.plugins.githostcredentials.core.inspect;

import io.jenkins.plugins.githostcredentials.core.host.HostAuthentication;
import io.jenkins.plugins.githostcredentials.core.host.HostCatalog;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import io.jenkins.plugins.githostcredentials.core.http.HostApiException;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Tells what a token can really do on its host before a job finds out the hard way: identity, kind, grant,
 * expiry, a verdict per need, warnings. Read-only: it calls only endpoints that read, or requests that the host
 * must reject as invalid and that therefore change nothing (each such probe is documented where it is sent).
 */
public final class TokenInspector {

    private final HostHttpClient http;
    private final Clock clock;

    public TokenInspector(HostHttpClient http, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Inspects the token. Never throws for host failures: a refused token, an unreachable host, a server error or
     * a token that does not fit the host become a failed report with a message that says what to do.
     */
    public InspectionReport inspect(InspectionRequest request) {
        Objects.requireNonNull(request, "request");
        ReportDraft draft = new ReportDraft(request, clock.instant());
        HostKind host = request.endpoint().kind();
        TokenKind kind;
        HostAuthentication auth;
        try {
            kind = HostCatalog.requireTokenKind(host, request.token(), request.tokenKind());
            draft.kind(kind);
            requireRepositoryForm(host, draft.repository);
            auth = HostCatalog.restAuthentication(host, kind, request.token(), request.username(), request.email());
        } catch (IllegalArgumentException cannotStart) {
            // Checked before any call: a glpat- token never reaches github.com.
            TokenKind forWording = draft.kind() != null ? draft.kind() : TokenKind.forHost(host).get(0);
            draft.needsUnjudged(request.required().needsFor(host, forWording));
            draft.failed(null, cannotStart.getMessage());
            return draft.build();
        }
        draft.needs(request.required().needsFor(host, kind));
        HostSession session = new HostSession(http, auth, standardHeaders(host), draft);
        try {
            switch (host) {
                case GITHUB, GITHUB_ENTERPRISE -> new GitHubInspection(session, draft).run();
                case GITLAB -> new GitLabInspection(session, draft).run();
                case BITBUCKET_CLOUD -> new BitbucketCloudInspection(session, draft).run();
                case BITBUCKET_DATA_CENTER -> new BitbucketDataCenterInspection(session, draft).run();
                case AZURE_DEVOPS -> new AzureDevOpsInspection(session, draft).run();
                case GITEA -> new GiteaInspection(session, draft).run();
            }
        } catch (HostApiException hostFailed) {
            draft.failed(hostFailed.failure(), "Could not inspect the token on " + request.endpoint().hostName() + ": "
                    + hostFailed.getMessage());
        }
        return draft.build();
    }

    /**
     * Checks that a repository is written as {@link InspectionRequest#repository()} expects on this host, so a caller
     * can refuse a bad entry before it calls anything.
     *
     * @param repository the repository, or null (nothing to check)
     * @throws IllegalArgumentException naming the form to write, with an example
     */
    public static void requireRepositoryForm(HostKind host, String repository) {
        if (repository == null) {
            return;
        }
        String[] parts = repository.split("/", -1);
        boolean blankPart = java.util.Arrays.stream(parts).anyMatch(p -> p.isBlank() || p.contains(" "));
        boolean fits = host == HostKind.GITLAB ? parts.length >= 2 : parts.length == 2;
        if (!fits || blankPart) {
            throw new IllegalArgumentException("The repository '" + repository + "' must be written "
                    + switch (host) {
                        case GITLAB -> "group/project or group/subgroup/project (e.g. my-group/my-project)";
                        case BITBUCKET_CLOUD -> "workspace/repository (e.g. my-workspace/my-repo)";
                        case BITBUCKET_DATA_CENTER -> "PROJECT/repository (e.g. PROJ/my-repo)";
                        case AZURE_DEVOPS -> "project/repository (e.g. my-project/my-repo)";
                        default -> "owner/repository (e.g. octo-org/hello-world)";
                    } + ".");
        }
    }

    private static Map<String, String> standardHeaders(HostKind host) {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (host) {
            case GITHUB, GITHUB_ENTERPRISE -> {
                headers.put("Accept", "application/vnd.github+json");
                headers.put("X-GitHub-Api-Version", "2022-11-28");
            }
            case AZURE_DEVOPS -> {
                headers.put("Accept", "application/json");
                // Without it a refused token gets a sign-in page (HTTP 203) instead of a 401.
                headers.put("X-TFS-FedAuthRedirect", "Suppress");
            }
            default -> headers.put("Accept", "application/json");
        }
        return headers;
    }
}
