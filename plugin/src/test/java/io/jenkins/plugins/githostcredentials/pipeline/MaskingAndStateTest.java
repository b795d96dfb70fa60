package io.jenkins.plugins.githostcredentials.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.EnvVars;
import hudson.console.ConsoleLogFilter;
import hudson.model.AbstractBuild;
import hudson.model.Result;
import hudson.model.Slave;
import io.jenkins.plugins.githostcredentials.GitHostService;
import io.jenkins.plugins.githostcredentials.core.session.SessionRequest;
import io.jenkins.plugins.githostcredentials.core.session.TokenSession;
import io.jenkins.plugins.githostcredentials.core.session.TokenSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import jenkins.security.MasterToSlaveCallable;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The pieces that keep secrets out of logs and pipeline state: the console filter on the controller and on an agent,
 * the environment expander, and the failure masking. Serialized forms must hold no secret.
 */
@WithJenkins
class MaskingAndStateTest {

    private static final String TOKEN = StoredTokenFixtures.GITLAB_TOKEN;

    @Test
    void filterMasksEveryFormOnTheControllerAndKeepsOnlyTheSessionIdInPipelineState(JenkinsRule r) throws Exception {
        TokenSession session = openGitLabSession();
        SessionMaskingFilter filter = new SessionMaskingFilter(session.id(), "UTF-8");

        String shown = throughFilter(filter, "plain " + TOKEN + " basic "
                + Base64.getEncoder().encodeToString(("oauth2:" + TOKEN).getBytes(StandardCharsets.UTF_8)));

        assertEquals("plain **** basic ****\n", shown);
        String serialized = serialized(filter);
        assertTrue(serialized.contains(session.id()), "the filter keeps the session ID");
        assertFalse(serialized.contains(TOKEN), "the filter in program.dat holds no token");
        session.close();
        assertEquals("after " + TOKEN + "\n", throughFilter(filter, "after " + TOKEN),
                "an ended session has nothing left to mask");
    }

    @Test
    void filterSentToAnAgentMasksThere(JenkinsRule r) throws Exception {
        Slave agent = r.createOnlineSlave();
        TokenSession session = openGitLabSession();

        String shown = agent.getChannel().call(
                new PrintOnAgent(new SessionMaskingFilter(session.id(), "UTF-8"), "agent says " + TOKEN));

        assertEquals("agent says ****\n", shown);
        session.close();
    }

    @Test
    void expanderAddsTheSessionVariablesAndHoldsNoSecret(JenkinsRule r) throws Exception {
        TokenSession session = openGitLabSession();
        SessionHandle handle = new SessionHandle(session.id(), r.buildAndAssertSuccess(
                r.createFreeStyleProject()), "gitlab", session.request(), null);
        SessionEnvironmentExpander expander = new SessionEnvironmentExpander(handle, Set.of("GIT_HOST_TOKEN"));
        EnvVars env = new EnvVars();
        env.put("GIT_CONFIG_PARAMETERS", "'user.name=CI'");

        expander.expand(env);

        assertEquals(TOKEN, env.get("GIT_HOST_TOKEN"));
        assertEquals(TOKEN, env.get("GITLAB_TOKEN"));
        assertEquals("oauth2", env.get("GIT_HOST_USERNAME"));
        assertTrue(env.get("GIT_CONFIG_PARAMETERS").startsWith("'user.name=CI' 'credential.https://gitlab.example.com"));
        assertEquals(Set.of("GIT_HOST_TOKEN"), expander.getSensitiveVariables());
        assertFalse(serialized(expander).contains(TOKEN));
        session.close();
    }

    @Test
    void failuresAreMaskedWithTheirCausesAndInterruptionsPassUnchanged(JenkinsRule r) {
        IOException failure = new IOException("push with " + TOKEN + " refused",
                new IllegalStateException("cause mentions " + TOKEN));
        failure.addSuppressed(new RuntimeException("suppressed " + TOKEN));
        Throwable marker = new Throwable("no secret, such as Pipeline's error ID");
        failure.addSuppressed(marker);

        Throwable masked = MaskedFailure.mask(failure, List.of(TOKEN));

        assertEquals("java.io.IOException: push with **** refused", masked.getMessage());
        assertEquals("java.lang.IllegalStateException: cause mentions ****", masked.getCause().getMessage());
        assertEquals("java.lang.RuntimeException: suppressed ****", masked.getSuppressed()[0].getMessage());
        assertSame(marker, masked.getSuppressed()[1], "what holds no secret is kept as is");
        assertEquals(failure.getStackTrace().length, masked.getStackTrace().length);
        IOException clean = new IOException("no secret here");
        assertSame(clean, MaskedFailure.mask(clean, List.of(TOKEN)));
        FlowInterruptedException aborted = new FlowInterruptedException(Result.ABORTED, true);
        assertSame(aborted, MaskedFailure.mask(aborted, List.of(TOKEN)));
    }

    private static TokenSession openGitLabSession() throws Exception {
        TokenSource source = StoredTokenFixtures.gitLab("gitlab").tokenSource();
        return GitHostService.get().sessions().open(source, SessionRequest.defaults());
    }

    private static String throughFilter(ConsoleLogFilter filter, String line) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = filter.decorateLogger((AbstractBuild<?, ?>) null, sink)) {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return sink.toString(StandardCharsets.UTF_8);
    }

    private static String serialized(Object object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /** Runs on the agent: the filter as the agent got it, decorating a stream there. */
    private static final class PrintOnAgent extends MasterToSlaveCallable<String, Exception> {
        private static final long serialVersionUID = 1L;
        private final ConsoleLogFilter filter;
        private final String line;

        PrintOnAgent(ConsoleLogFilter filter, String line) {
            this.filter = filter;
            this.line = line;
        }

        @Override
        public String call() throws Exception {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (OutputStream out = filter.decorateLogger((AbstractBuild<?, ?>) null, sink)) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return sink.toString(StandardCharsets.UTF_8);
        }
    }
}
