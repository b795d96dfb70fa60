package io.jenkins.plugins.githostcredentials.core.rotation;

/**
 * Stores a rotated token in the credential it came from; supplied by the plugin.
 *
 * <p>Contract:
 * <ul>
 *   <li>Return only once the new token is durably stored (the credential store saved), so a restart keeps it.</li>
 *   <li>Throw when it was not stored; the message should say why (permissions, store read-only, I/O). It must not
 *       contain the token.</li>
 *   <li>Be idempotent: it may be called again with the same token after a failure, and must then simply store it.</li>
 *   <li>Never contact the host: a rotation is finished by the time it is called.</li>
 * </ul>
 */
@FunctionalInterface
public interface TokenWriteBack {

    void store(RotatedToken rotated) throws Exception;
}
