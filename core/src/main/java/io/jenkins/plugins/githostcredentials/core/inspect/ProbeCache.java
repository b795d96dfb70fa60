package io.jenkins.plugins.githostcredentials.core.inspect;

import io.jenkins.plugins.githostcredentials.core.http.HostApiException;
import java.util.HashMap;
import java.util.Map;

/** Probe verdicts of one inspection by probe name, so a capability and its raw twin cost one call. */
final class ProbeCache {

    private final Map<String, Verdict> verdicts = new HashMap<>();

    /** {@link #once(String, String, Probe)} for a probe named by the scope or permission it proves. */
    Verdict once(String permission, Probe probe) {
        return once(permission, permission, probe);
    }

    /**
     * The verdict of the named probe, sending it the first time only. A probe that got no usable answer says nothing
     * about the grant: its verdict is UNKNOWN, with {@code toGrantIfFailed} as what to grant.
     */
    Verdict once(String name, String toGrantIfFailed, Probe probe) {
        Verdict known = verdicts.get(name);
        if (known == null) {
            try {
                known = probe.run();
            } catch (HostApiException probeFailed) {
                known = Verdict.unknown("the probe failed: " + probeFailed.getMessage(), toGrantIfFailed);
            }
            verdicts.put(name, known);
        }
        return known;
    }

    /** One probe call. */
    @FunctionalInterface
    interface Probe {
        Verdict run() throws HostApiException;
    }
}
