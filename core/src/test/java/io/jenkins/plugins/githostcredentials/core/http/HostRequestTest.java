package io.jenkins.plugins.githostcredentials.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.HostAuthentication;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostRequestTest {

    @Test
    void modifiersReturnNewRequestsAndLeaveTheOriginalAlone() {
        HostRequest base = HostRequest.get("https://api.github.com/user");
        HostRequest authenticated = base.auth(HostAuthentication.bearer(SecretText.of("ghp_aaaaaaaaaaaaaaaaaaaa")))
                .header("X-GitHub-Api-Version", "2022-11-28")
                .deadline(Instant.parse("2026-03-02T10:00:30Z"))
                .describedAs("reading the user");

        assertNotSame(base, authenticated);
        assertNull(base.authentication());
        assertEquals(List.of(), base.headers());
        assertTrue(base.deadline().isEmpty());
        assertEquals("calling api.github.com", base.description());
        assertEquals("reading the user", authenticated.description());
        assertEquals("Bearer", authenticated.authentication().scheme());
    }

    @Test
    void headerReplacesEarlierValueOfTheSameNameIgnoringCase() {
        HostRequest request = HostRequest.get("https://gitlab.example.com/api/v4/user")
                .header("Accept", "text/plain")
                .header("accept", "application/json");

        assertEquals(List.of(new HostRequest.Header("accept", "application/json")), request.headers());
        assertTrue(request.hasHeader("ACCEPT"));
    }

    @Test
    void toStringNamesHeadersButShowsNoValueNoSecretAndNoQuery() {
        HostRequest request = HostRequest.post("https://api.github.com/app/installations/1/access_tokens?x=secretq",
                        "{\"repositories\":[\"hello\"]}")
                .auth(HostAuthentication.bearer(SecretText.of("eyJhbGciOiJSUzI1NiJ9.payload.signature")))
                .header("X-Custom-Secret", "hdr-secret-value")
                .describedAs("minting a token");

        String text = request.toString();
        assertEquals("HostRequest[POST https://api.github.com/app/installations/1/access_tokens (query omitted),"
                + " headers=[X-Custom-Secret], auth=Bearer, describedAs=minting a token]", text);
        assertFalse(text.contains("eyJ"));
        assertFalse(text.contains("hdr-secret-value"));
        assertFalse(text.contains("secretq"));
        assertFalse(text.contains("repositories"));
    }

    @Test
    void safeUrlDropsUserInfoQueryAndFragment() {
        HostRequest request = HostRequest.get("https://user:pa55word@git.example.com/api/v1/user?token=abc#frag");

        assertEquals("https://git.example.com/api/v1/user", request.safeUrl());
    }

    @Test
    void notAUrlIsRejectedWithoutEchoingTheQuery() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostRequest.get("git.example.com/api?private_token=glpat-abc"));

        assertEquals("'git.example.com/api' is not an http:// or https:// URL: check the server URL of the"
                + " credential", e.getMessage());
    }

    @Test
    void unsendableHeaderValuesAreRejectedWithoutEchoingThem() {
        HostRequest request = HostRequest.get("https://gitlab.example.com/api/v4/user");

        IllegalArgumentException header = assertThrows(IllegalArgumentException.class,
                () -> request.header("PRIVATE-TOKEN", "glpat-line\nbreak"));
        IllegalArgumentException token = assertThrows(IllegalArgumentException.class,
                () -> request.auth(HostAuthentication.privateToken(SecretText.of("glpat-abc\u00e9def"))));

        assertFalse(header.getMessage().contains("glpat"), header.getMessage());
        assertTrue(token.getMessage().contains("paste the token again"), token.getMessage());
        assertFalse(token.getMessage().contains("glpat"), token.getMessage());
    }

    @Test
    void blankDescriptionAndClientOwnedHeadersAreRejected() {
        HostRequest request = HostRequest.get("https://api.github.com/user");

        assertThrows(IllegalArgumentException.class, () -> request.describedAs("  "));
        assertThrows(IllegalArgumentException.class, () -> request.header("Content-Length", "3"));
        assertThrows(IllegalArgumentException.class, () -> request.header("Host", "evil.example"));
    }
}
