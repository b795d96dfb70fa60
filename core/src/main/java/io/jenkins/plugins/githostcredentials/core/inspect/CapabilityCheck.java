package io.jenkins.plugins.githostcredentials.core.inspect;

import java.util.Objects;

/**
 * The verdict on one thing a job needs.
 *
 * @param requirement the need as written: a capability id ("push") or a raw permission ("github:pull_requests=write")
 * @param status      what the inspection found
 * @param reason      why, in words that name the evidence (a header, a probe, an answer)
 * @param toGrant     what to grant to fix it, in the host's words ("pull_requests:write"); empty when nothing to do
 */
public record CapabilityCheck(String requirement, Status status, String reason, String toGrant) {

    /** The verdict on one need. */
    public enum Status {
        /** The host showed the token can do it. */
        GRANTED,
        /** The host showed the token cannot do it: the preflight fails. */
        MISSING,
        /** Could not be told without changing something, or the host did not answer: shown, does not fail. */
        UNKNOWN,
        /** The host or this kind of token cannot do it at all: the preflight fails. */
        UNSUPPORTED
    }

    public CapabilityCheck {
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
        toGrant = toGrant == null ? "" : toGrant;
    }

    /** True for the verdicts that fail a preflight. */
    public boolean fails() {
        return status == Status.MISSING || status == Status.UNSUPPORTED;
    }
}
