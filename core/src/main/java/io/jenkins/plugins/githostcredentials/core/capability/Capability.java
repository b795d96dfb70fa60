package io.jenkins.plugins.githostcredentials.core.capability;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What a job needs from a git host, in words users know; {@link ScopeAdvice} maps each to every host's language. */
public enum Capability implements Need {
    /** Read code: clone and fetch. */
    CHECKOUT("checkout", "checkout"),
    /** Write code: push commits, branches and tags. */
    PUSH("push", "push"),
    /** Report a build result on a commit (GitHub commit statuses, GitLab pipelines statuses, Bitbucket build statuses). */
    COMMIT_STATUS("commit-status", "set commit status"),
    /** Comment on pull requests (merge requests on GitLab). */
    PULL_REQUEST_COMMENT("pull-request-comment", "comment on pull requests"),
    /** Create GitHub check runs; GitHub only. */
    CHECKS("checks", "create checks"),
    /** Read who the token acts as. */
    READ_USER("read-user", "read the user");

    private final String id;
    private final String phrase;

    Capability(String id, String phrase) {
        this.id = id;
        this.phrase = phrase;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String phrase() {
        return phrase;
    }

    public static Optional<Capability> fromId(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.id.equals(wanted)).findFirst();
    }

    /** Every capability id, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Capability::id).toList();
    }
}
