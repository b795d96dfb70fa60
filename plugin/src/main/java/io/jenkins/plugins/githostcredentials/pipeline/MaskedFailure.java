package io.jenkins.plugins.githostcredentials.pipeline;

import hudson.Functions;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;

/**
 * A failure whose message had a secret in it, shown with the secret replaced by {@code ****} (using
 * credentials-binding's patterns), keeping the original's class name, stack trace, causes and suppressed failures
 * (each masked too, when it mentions a secret; one that does not is kept as is, so that markers such as Pipeline's
 * error ID survive). The console filter masks what steps print; this masks what the build reports when the block
 * fails, which does not pass through that filter.
 */
final class MaskedFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private MaskedFailure(String message) {
        super(message);
    }

    /**
     * {@code failure} itself when it mentions none of {@code secrets}, else a masked copy. An interruption (abort,
     * timeout) is passed on as is, so the build keeps its result.
     */
    static Throwable mask(Throwable failure, Collection<String> secrets) {
        if (secrets.isEmpty() || failure instanceof FlowInterruptedException) {
            return failure;
        }
        Pattern pattern = SecretPatterns.getAggregateSecretPattern(secrets);
        if (pattern.pattern().isEmpty()) {
            return failure;
        }
        // copy returns failure itself when its printed form mentions no secret
        return copy(failure, pattern, new IdentityHashMap<>());
    }

    private static Throwable copy(Throwable original, Pattern pattern, Map<Throwable, Throwable> copied) {
        Throwable done = copied.get(original);
        if (done != null) {
            return done;
        }
        if (!pattern.matcher(Functions.printThrowable(original)).find()) {
            copied.put(original, original);
            return original;
        }
        String message = original.getMessage() == null ? "" : ": " + original.getMessage();
        MaskedFailure masked = new MaskedFailure(
                pattern.matcher(original.getClass().getName() + message).replaceAll("****"));
        copied.put(original, masked);
        masked.setStackTrace(original.getStackTrace());
        if (original.getCause() != null) {
            masked.initCause(copy(original.getCause(), pattern, copied));
        }
        for (Throwable suppressed : original.getSuppressed()) {
            masked.addSuppressed(copy(suppressed, pattern, copied));
        }
        return masked;
    }
}
