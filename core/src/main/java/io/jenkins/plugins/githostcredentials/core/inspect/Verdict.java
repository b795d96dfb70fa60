package io.jenkins.plugins.githostcredentials.core.inspect;

import io.jenkins.plugins.githostcredentials.core.inspect.CapabilityCheck.Status;

/** A verdict not yet tied to a need, so one probe can answer several needs (a capability and its raw twin). */
record Verdict(Status status, String reason, String toGrant) {

    static Verdict granted(String reason) {
        return new Verdict(Status.GRANTED, reason, "");
    }

    static Verdict missing(String reason, String toGrant) {
        return new Verdict(Status.MISSING, reason, toGrant);
    }

    static Verdict unknown(String reason, String toGrant) {
        return new Verdict(Status.UNKNOWN, reason, toGrant);
    }

    static Verdict unsupported(String reason) {
        return new Verdict(Status.UNSUPPORTED, reason, "");
    }

    /** The same verdict with what to grant replaced, for a need worded differently from the probe. */
    Verdict grant(String wording) {
        return new Verdict(status, reason, wording);
    }
}
