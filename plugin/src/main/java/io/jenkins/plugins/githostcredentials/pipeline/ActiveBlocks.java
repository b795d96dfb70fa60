package io.jenkins.plugins.githostcredentials.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.AsyncPeriodicWork;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.githostcredentials.GitHostService;
import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.session.MintedToken;
import io.jenkins.plugins.githostcredentials.core.session.TokenSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code withGitHostCredentials} blocks running on this controller, and the minute-by-minute work that keeps
 * their GitHub App tokens valid: shortly before a token expires the session gets a fresh one, the token file on the
 * agent is rewritten (so git in a step that is already running picks it up), and the build's record lists it.
 * Steps that start afterwards get the fresh token in their variables and have it masked. Renewal calls GitHub, so it
 * runs on its own thread ({@link AsyncPeriodicWork}) rather than on the shared timer.
 */
@Extension
public final class ActiveBlocks extends AsyncPeriodicWork {

    private static final Logger LOGGER = Logger.getLogger(ActiveBlocks.class.getName());

    /** How long GitHub's last acceptance of a block's token counts before renewal asks GitHub again. */
    static final Duration CONFIRM_EVERY = Duration.ofMinutes(5);

    /** How many ended sessions are remembered, so that a step racing the end of its block does not reopen one. */
    private static final int ENDED_REMEMBERED = 10_000;

    private final Map<String, Block> blocks = new ConcurrentHashMap<>();
    private final Set<String> ended = Collections.synchronizedSet(Collections.newSetFromMap(new OldestDropped()));

    public ActiveBlocks() {
        super("Git host token renewal");
    }

    static ActiveBlocks get() {
        return ExtensionList.lookupSingleton(ActiveBlocks.class);
    }

    void register(@NonNull String sessionId, @NonNull Run<?, ?> run, @CheckForNull TokenFile tokenFile) {
        blocks.put(sessionId, new Block(run, tokenFile));
    }

    /** Forgets the block, remembering that it ended, and returns its token file, if it had one. */
    @CheckForNull
    TokenFile unregister(@NonNull String sessionId) {
        ended.add(sessionId);
        Block block = blocks.remove(sessionId);
        return block == null ? null : block.tokenFile();
    }

    /**
     * Whether the block of this session ended since this controller started. A session that is gone but did not end
     * here was lost in a restart and may be opened again.
     */
    boolean ended(@NonNull String sessionId) {
        return ended.contains(sessionId);
    }

    @Override
    public long getRecurrencePeriod() {
        return MIN;
    }

    @Override
    protected void execute(TaskListener listener) {
        renewDueTokens();
    }

    /** Renews every token that is close to expiry, now, on the calling thread. */
    void renewDueTokens() {
        for (Map.Entry<String, Block> entry : blocks.entrySet()) {
            Optional<TokenSession> session = GitHostService.get().findSession(entry.getKey());
            if (session.isEmpty()) {
                blocks.remove(entry.getKey());
                continue;
            }
            renew(session.get(), entry.getValue());
        }
    }

    /**
     * Renews the block's token when it nears expiry, and replaces it when GitHub no longer accepts it (revoked outside
     * Jenkins, installation changed): git in the block would otherwise fail until the token expired. The check is one
     * cheap call per block every {@link #CONFIRM_EVERY}, made only when nothing confirmed the token meanwhile.
     */
    private static void renew(TokenSession session, Block block) {
        try {
            boolean renewed = session.renewIfDue();
            SecretText before = session.token();
            boolean replaced = !session.confirmedToken(CONFIRM_EVERY).equals(before);
            if (!renewed && !replaced) {
                return;
            }
        } catch (GitHubAppException e) {
            LOGGER.log(Level.WARNING, "Could not renew the GitHub App token of {0}; the current one stays in use until "
                    + "it expires: {1}", new Object[] {block.run().getExternalizableId(), e.getMessage()});
            return;
        } catch (IllegalStateException blockEnded) {
            return; // the block ended while this ran: nothing left to renew
        }
        List<MintedToken> minted = session.mintedTokens();
        GitHostCredentialsAction.Use use = GitHostCredentialsAction.of(block.run()).forSession(session.id());
        if (use != null && !minted.isEmpty()) {
            use.addMinted(minted.get(minted.size() - 1));
        }
        if (block.tokenFile() != null) {
            try {
                block.tokenFile().write(session.token());
            } catch (IOException | InterruptedException e) {
                LOGGER.log(Level.WARNING, "Could not rewrite the git token file of " + block.run().getExternalizableId()
                        + "; git in steps already running may fail once the previous token expires", e);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private record Block(Run<?, ?> run, TokenFile tokenFile) {}

    /** Keeps the {@link #ENDED_REMEMBERED} most recent entries. */
    private static final class OldestDropped extends LinkedHashMap<String, Boolean> {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ENDED_REMEMBERED;
        }
    }
}
