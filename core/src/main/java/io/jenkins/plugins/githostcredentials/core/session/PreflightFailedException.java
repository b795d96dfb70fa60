package io.jenkins.plugins.githostcredentials.core.session;

import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import java.util.Objects;

/**
 * The token lacks something the build block required, so the block must not run. The message is the inspection
 * report as plain text: what is missing and what to grant. It never contains a secret (a report never holds one).
 */
public final class PreflightFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient InspectionReport report;

    public PreflightFailedException(InspectionReport report) {
        super("Preflight failed: " + Objects.requireNonNull(report, "report").toPlainText().strip());
        this.report = report;
    }

    /** The full report; null only after this exception was deserialized. */
    public InspectionReport report() {
        return report;
    }
}
