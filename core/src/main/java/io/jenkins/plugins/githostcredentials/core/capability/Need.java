package io.jenkins.plugins.githostcredentials.core.capability;

/**
 * One thing a job needs from a token: a {@link Capability} named in words users know, or a {@link RawPermission}
 * named in one host's own scope/permission language.
 */
public sealed interface Need permits Capability, RawPermission {

    /** The word as written in a requirement list: "checkout", "github:pull_requests=write". */
    String id();

    /** What the job wants to do, as a verb phrase for summaries: "set commit status", "use pull_requests:write". */
    String phrase();
}
