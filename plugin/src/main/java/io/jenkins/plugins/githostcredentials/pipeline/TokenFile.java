package io.jenkins.plugins.githostcredentials.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.FilePath;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.session.TokenSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The file git's credential helper reads a renewing GitHub App token from: in the build's temporary directory next
 * to the workspace ({@code <workspace>@tmp}, as credentials-binding's file bindings use), never in the workspace or
 * the home directory; readable by the build's user only on Unix; rewritten when the token is renewed and deleted when
 * the block ends.
 */
final class TokenFile {

    private final FilePath file;
    private final boolean unix;

    private TokenFile(FilePath file, boolean unix) {
        this.file = file;
        this.unix = unix;
    }

    /**
     * Writes the token file of a session that renews its token (a GitHub App's) and returns it; null, with nothing
     * written, for a session that does not renew, without a workspace, or when the workspace has no temporary
     * directory.
     */
    @CheckForNull
    static TokenFile writeFor(@NonNull TokenSession session, @CheckForNull FilePath workspace, boolean unix)
            throws IOException, InterruptedException {
        FilePath temporary = session.renewsToken() && workspace != null ? WorkspaceList.tempDir(workspace) : null;
        if (temporary == null) {
            return null;
        }
        TokenFile tokenFile = new TokenFile(temporary.child("git-host-token-" + session.id()), unix);
        tokenFile.write(session.token());
        return tokenFile;
    }

    /** The path as the block's git reads it; Git for Windows' {@code sh} wants forward slashes. */
    @NonNull
    String pathForGit() {
        return unix ? file.getRemote() : file.getRemote().replace('\\', '/');
    }

    /** Writes (or rewrites) the token; on Unix the file is made private before the token goes in. */
    void write(@NonNull SecretText token) throws IOException, InterruptedException {
        FilePath directory = file.getParent();
        if (directory != null) {
            directory.mkdirs();
        }
        if (unix && !file.exists()) {
            file.write("", StandardCharsets.UTF_8.name());
            file.chmod(0600);
        }
        file.write(token.reveal(), StandardCharsets.UTF_8.name());
    }

    void delete() throws IOException, InterruptedException {
        file.delete();
    }
}
