package io.jenkins.plugins.githostcredentials;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.githostcredentials.core.session.TokenSource;

/**
 * A credential for one git host: a stored token (GitHub, GitLab, Bitbucket, Azure DevOps, Gitea) or a GitHub App.
 *
 * <p>As a {@link StandardUsernamePasswordCredentials} it works wherever git over HTTPS takes a username and password
 * (the git plugin, branch sources): the username follows the host's convention and the password is the token. For a
 * GitHub App the password is an installation token minted on demand and the username {@code x-access-token}.
 */
public interface GitHostCredentials extends StandardUsernamePasswordCredentials {

    /**
     * What this credential stands for in core terms; every host decision (REST authentication, git login, verification,
     * token minting) is made from it.
     *
     * <p>Controller only: for a GitHub App it holds the parsed private key, which never goes to an agent.
     *
     * @throws IllegalArgumentException if the stored configuration no longer passes core's checks; the message says
     *     what to fix and never contains a secret
     */
    @NonNull
    TokenSource tokenSource();
}
