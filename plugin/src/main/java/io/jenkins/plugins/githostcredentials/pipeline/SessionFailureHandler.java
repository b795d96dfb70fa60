package io.jenkins.plugins.githostcredentials.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.githostcredentials.GitHostService;
import io.jenkins.plugins.githostcredentials.core.session.TokenSession;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Masks the session's secrets in a failure leaving the block's body, before Pipeline records it (the body's end node,
 * the step's failure, the build's final error): the same mechanism credentials-binding uses for
 * {@code withCredentials}. Pipeline state holds only the session ID; the secrets are looked up when a failure is
 * handled, while the block (and so its session) is still open, so a renewed token is masked too.
 *
 * <p>A failing step's own record keeps the original error: Pipeline stores it on that step's node before any block
 * around it is told, as it does inside {@code withCredentials}.
 */
final class SessionFailureHandler implements FailureHandler {

    private static final long serialVersionUID = 1L;

    private final String sessionId;

    SessionFailureHandler(String sessionId) {
        this.sessionId = sessionId;
    }

    @NonNull
    @Override
    public Throwable handle(@NonNull StepContext context, @NonNull Throwable failure) {
        Set<String> secrets = GitHostService.get().findSession(sessionId).map(TokenSession::secretValues).orElse(Set.of());
        return MaskedFailure.mask(failure, secrets);
    }
}
