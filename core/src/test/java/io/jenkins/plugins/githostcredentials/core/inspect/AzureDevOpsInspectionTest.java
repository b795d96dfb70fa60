package io.jenkins.plugins.githostcredentials.core.inspect;

import static io.jenkins.plugins.githostcredentials.core.inspect.CapabilityCheck.Status.GRANTED;
import static io.jenkins.plugins.githostcredentials.core.inspect.CapabilityCheck.Status.MISSING;
import static io.jenkins.plugins.githostcredentials.core.inspect.CapabilityCheck.Status.UNKNOWN;
import static io.jenkins.plugins.githostcredentials.core.inspect.FakeHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

class AzureDevOpsInspectionTest extends InspectionTestSupport {

    static final SecretText PAT = SecretText.of("x3nq7m4vbdk2lqzc6pprwa5tyj7oeh4s3ku2fxbmzyxr6dq4vhaa");

    private static final String CONNECTION_DATA = """
            {"authenticatedUser":{"id":"6a3e1c56-8d1e-4c6b-9a8e-7b1a53e0a4c1","descriptor":"Microsoft.IdentityModel.Claims.ClaimsIdentity;72f988bf-86f1-41af-91ab-2d7cd011db47\\\\jamal@fabrikam.com",
              "subjectDescriptor":"aad.OGYxNWEwNzgtNTQ0ZC03YmIyLWJjMmEtNjlhMzJlMzdiYjk3","providerDisplayName":"Jamal Hartnett","isActive":true,
              "properties":{"Account":{"$type":"System.String","$value":"jamal@fabrikam.com"}},"resourceVersion":2,"metaTypeId":0},
             "authorizedUser":{"id":"6a3e1c56-8d1e-4c6b-9a8e-7b1a53e0a4c1","providerDisplayName":"Jamal Hartnett"},
             "instanceId":"e2a1b6b0-1c3d-4a5e-9f70-2b8c9d0e1f2a","deploymentId":"f9a6c0d3-2b4e-4f5a-8c7d-6e5f4a3b2c1d","deploymentType":"hosted",
             "locationServiceData":{"serviceOwner":"00025394-6065-48ca-87d9-7f5672854ef7","defaultAccessMappingMoniker":"PublicAccessMapping","lastChangeId":1,"lastChangeId64":1}}""";

    private static final String REPOSITORY = """
            {"id":"5febef5a-833d-4e14-b9c0-14cb638f91e6","name":"AnotherRepository",
             "url":"https://dev.azure.com/fabrikam/_apis/git/repositories/5febef5a-833d-4e14-b9c0-14cb638f91e6",
             "project":{"id":"6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c","name":"Fabrikam-Fiber-Git","state":"wellFormed"},
             "defaultBranch":"refs/heads/main","remoteUrl":"https://dev.azure.com/fabrikam/Fabrikam-Fiber-Git/_git/AnotherRepository"}""";

    private static final String REPO_PATH = "/api/Fabrikam-Fiber-Git/_apis/git/repositories/";
    private static final String REPO_ID = "5febef5a-833d-4e14-b9c0-14cb638f91e6";

    private static final String UNAUTHORIZED_SCOPE = "{\"$id\":\"1\",\"innerException\":null,\"message\":"
            + "\"TF400813: The user 'jamal@fabrikam.com' is not authorized to access this resource.\","
            + "\"typeName\":\"Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException\",\"errorCode\":0,\"eventId\":3000}";

    private InspectionRequest.Builder request(String repository, String... required) {
        // dev.azure.com as the server, the mock as its API: the Services rules apply.
        return InspectionRequest.builder(endpoint(HostKind.AZURE_DEVOPS, "https://dev.azure.com/fabrikam"), PAT)
                .repository(repository).required(require(required));
    }

    private void readableRepository() {
        host.on("GET", "/api/_apis/connectionData", json(200, CONNECTION_DATA))
                .on("GET", REPO_PATH + "AnotherRepository?api-version=7.1", json(200, REPOSITORY));
    }

    /**
     * What Azure DevOps Services sends a PAT it does not accept when the request is taken for a browser's: HTTP 203
     * Non-Authoritative Information with the HTML sign-in page (Microsoft's "Authenticate with personal access
     * tokens" REST docs tell clients to send X-TFS-FedAuthRedirect: Suppress to get a 401 instead). Shortened page.
     */
    private static final String SIGN_IN_PAGE = """
            <!DOCTYPE html><html lang="en-US"><head><title>Azure DevOps Services | Sign In</title>
            <meta http-equiv="X-UA-Compatible" content="IE=11;&#32;IE=10;&#32;IE=9;&#32;IE=8" /></head>
            <body><div class="signin-container">Sign in to your account</div></body></html>""";

    private static MockResponse signInPage() {
        return new MockResponse().setResponseCode(203)
                .setHeader("Content-Type", "text/html; charset=utf-8").setBody(SIGN_IN_PAGE);
    }

    @Test
    void signInPageFor203MeansTheTokenIsInvalid() {
        host.on("GET", "/api/_apis/connectionData", signInPage());

        InspectionReport report = inspect(request("Fabrikam-Fiber-Git/AnotherRepository", "checkout").build());

        assertFalse(report.passed());
        assertFalse(report.authenticated());
        assertTrue(report.failure().orElseThrow().contains("sign-in page (HTTP 203)"), report.failure().orElseThrow());
        assertTrue(report.failure().orElseThrow().contains("Create a new PAT"), report.failure().orElseThrow());
        assertFalse(report.failure().orElseThrow().contains("<html"), "the page itself is not quoted");
    }

    @Test
    void signInPageOnAProbeIsNotMistakenForSuccess() {
        readableRepository();
        host.on("POST", REPO_PATH + REPO_ID + "/refs?api-version=7.1", signInPage());

        InspectionReport report = inspect(request("Fabrikam-Fiber-Git/AnotherRepository", "push").build());

        assertStatus(report, "push", MISSING);
        assertTrue(check(report, "push").reason().contains("sign-in page (HTTP 203)"), check(report, "push").reason());
    }

    @Test
    void jsonWith203IsStillData() {
        host.on("GET", "/api/_apis/connectionData", json(203, CONNECTION_DATA))
                .on("GET", REPO_PATH + "AnotherRepository?api-version=7.1", json(200, REPOSITORY));

        InspectionReport report = inspect(request("Fabrikam-Fiber-Git/AnotherRepository", "checkout").build());

        assertTrue(report.authenticated(), report.toPlainText());
        assertEquals("Jamal Hartnett <jamal@fabrikam.com>", report.identity());
    }

    @Test
    void everyCapabilityIsProbedAndGranted() throws Exception {
        readableRepository();
        host.on("POST", REPO_PATH + REPO_ID + "/refs?api-version=7.1", json(200, "{\"value\":[],\"count\":0}"))
                .on("POST", REPO_PATH + REPO_ID + "/commits/0000000000000000000000000000000000000000/statuses?api-version=7.1",
                        json(400, "{\"$id\":\"1\",\"message\":\"Value cannot be null.\\r\\nParameter name: gitCommitStatusToCreate\"}"))
                .on("POST", REPO_PATH + REPO_ID + "/pullRequests/0/threads?api-version=7.1",
                        json(404, "{\"$id\":\"1\",\"message\":\"TF401180: The requested pull request was not found.\"}"));

        InspectionReport report = inspect(request("Fabrikam-Fiber-Git/AnotherRepository",
                "checkout", "push", "commit-status", "pull-request-comment", "read-user", "azure:vso.code_write").build());

        assertTrue(report.passed(), report.toPlainText());
        assertEquals("Jamal Hartnett <jamal@fabrikam.com>", report.identity());
        assertStatus(report, "azure:vso.code_write", GRANTED);
        String basic = "Basic " + Base64.getEncoder().encodeToString((":" + PAT.reveal()).getBytes(StandardCharsets.UTF_8));
        assertEquals(basic, host.requests().get(0).getHeader("Authorization"));
        assertEquals("Suppress", host.requests().get(0).getHeader("X-TFS-FedAuthRedirect"));
        for (var recorded : host.requests()) {
            if (recorded.getMethod().equals("POST")) {
                String body = recorded.getBody().readUtf8();
                assertTrue(body.equals("[]") || body.contains("not-a-"), "probe bodies are empty or invalid: " + body);
            }
        }
    }

    @Test
    void eachMissingScopeIsMissing() {
        readableRepository();
        host.on("POST", REPO_PATH + REPO_ID + "/refs?api-version=7.1", json(401, UNAUTHORIZED_SCOPE))
                .on("POST", REPO_PATH + REPO_ID + "/commits/0000000000000000000000000000000000000000/statuses?api-version=7.1",
                        json(403, UNAUTHORIZED_SCOPE))
                .on("POST", REPO_PATH + REPO_ID + "/pullRequests/0/threads?api-version=7.1", json(401, UNAUTHORIZED_SCOPE));

        InspectionReport report = inspect(request("Fabrikam-Fiber-Git/AnotherRepository",
                "checkout", "push", "commit-status", "pull-request-comment").build());

        assertStatus(report, "checkout", GRANTED);
        assertStatus(report, "push", MISSING);
        assertStatus(report, "commit-status", MISSING);
        assertStatus(report, "pull-request-comment", MISSING);
        assertEquals("MISSING: vso.code_write, vso.code_status, vso.threads_full on Fabrikam-Fiber-Git/AnotherRepository",
                report.summary());
    }

    @Test
    void codeReadRefusedMakesEverythingMissing() {
        host.on("GET", "/api/_apis/connectionData", json(200, CONNECTION_DATA))
                .on("GET", REPO_PATH + "AnotherRepository?api-version=7.1", json(401, UNAUTHORIZED_SCOPE));

        InspectionReport report = inspect(request("Fabrikam-Fiber-Git/AnotherRepository", "checkout", "push").build());

        assertStatus(report, "checkout", MISSING);
        assertStatus(report, "push", MISSING);
        assertEquals("vso.code", check(report, "checkout").toGrant());
    }

    @Test
    void refusedPatFails() {
        host.on("GET", "/api/_apis/connectionData", new MockResponse().setResponseCode(401)
                .setHeader("WWW-Authenticate", "Basic realm=\"https://dev.azure.com/\""));

        InspectionReport report = inspect(request(null, "checkout").build());

        assertFalse(report.authenticated());
        assertTrue(report.summary().startsWith("FAILED: Azure DevOps refused the token (HTTP 401"), report.summary());
    }

    @Test
    void possibleGlobalPatIsWarnedAboutOnServicesBeforeTheCutOff() {
        host.on("GET", "/api/_apis/connectionData", json(200, CONNECTION_DATA));

        InspectionReport report = inspect(request(null, "checkout", "read-user", "azure:vso.memberentitlementmanagement").build());

        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("stops working on 2026-12-01")), String.valueOf(report.warnings()));
        assertStatus(report, "checkout", UNKNOWN);
        assertStatus(report, "read-user", GRANTED);
        assertStatus(report, "azure:vso.memberentitlementmanagement", UNKNOWN);
    }

    @Test
    void noGlobalPatWarningOnServerOrAfterTheCutOff() {
        host.on("GET", "/api/_apis/connectionData", json(200, CONNECTION_DATA));
        HostEndpoint server = endpoint(HostKind.AZURE_DEVOPS, "https://tfs.example.com/tfs/DefaultCollection");

        InspectionReport onServer = inspect(InspectionRequest.builder(server, PAT).build());
        assertTrue(onServer.warnings().isEmpty(), String.valueOf(onServer.warnings()));

        TokenInspector later = new TokenInspector(fastClient(), Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC));
        InspectionReport afterCutOff = later.inspect(request(null).build());
        assertTrue(afterCutOff.warnings().isEmpty(), String.valueOf(afterCutOff.warnings()));
    }
}
