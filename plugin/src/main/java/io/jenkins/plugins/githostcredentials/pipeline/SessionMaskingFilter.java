package io.jenkins.plugins.githostcredentials.pipeline;

import hudson.console.ConsoleLogFilter;
import hudson.model.AbstractBuild;
import hudson.remoting.Channel;
import io.jenkins.plugins.githostcredentials.GitHostService;
import io.jenkins.plugins.githostcredentials.core.session.TokenSession;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;

/**
 * Masks every secret value of one session in the output of the block's steps, with credentials-binding's patterns
 * (every encoded form its {@code SecretPatternFactory} extensions know: base64, shell quoting, ...).
 *
 * <p>The secrets are looked up when a step's log is set up, not when the block starts, so a token the session
 * renewed is masked in every step that starts afterwards. Pipeline state holds only the session ID; when the filter
 * is sent to an agent (a durable {@code sh}, {@code bat} or {@code powershell} writing its own log), it is replaced
 * by a snapshot of the pattern at that moment, since an agent cannot ask the controller. A token renewed while a step
 * is already running is therefore not masked in that step's output; the step receives it only through git's
 * credential helper, which does not print it.
 */
final class SessionMaskingFilter extends ConsoleLogFilter implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String sessionId;
    private final String charsetName;

    SessionMaskingFilter(String sessionId, String charsetName) {
        this.sessionId = sessionId;
        this.charsetName = charsetName;
    }

    @SuppressWarnings("rawtypes")
    @Override
    public OutputStream decorateLogger(AbstractBuild ignored, OutputStream logger) {
        return new SecretPatterns.MaskingOutputStream(logger, this::currentPattern, charsetName);
    }

    /** The pattern for the session's secrets now, or null (nothing to mask) once the session is gone. */
    private Pattern currentPattern() {
        Optional<TokenSession> session = GitHostService.get().findSession(sessionId);
        return session.map(s -> SecretPatterns.getAggregateSecretPattern(s.secretValues())).orElse(null);
    }

    /** Remoting: send the pattern as it is now; otherwise (program.dat) keep only the session ID. */
    private Object writeReplace() {
        if (Channel.current() == null) {
            return this;
        }
        Pattern pattern = currentPattern();
        return new AgentSide(pattern == null ? "" : pattern.pattern(), charsetName);
    }

    /** The filter as an agent runs it: a fixed pattern. */
    private static final class AgentSide extends ConsoleLogFilter implements Serializable {

        private static final long serialVersionUID = 1L;

        private final String pattern;
        private final String charsetName;

        AgentSide(String pattern, String charsetName) {
            this.pattern = pattern;
            this.charsetName = charsetName;
        }

        @SuppressWarnings("rawtypes")
        @Override
        public OutputStream decorateLogger(AbstractBuild ignored, OutputStream logger) {
            return new SecretPatterns.MaskingOutputStream(logger, () -> Pattern.compile(pattern), charsetName);
        }
    }
}
