package io.jenkins.plugins.githostcredentials.core.session;

import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import java.util.List;
import java.util.Objects;

/**
 * The token lacks something the build block required, on at least one of the repositories the block works on, so
 * the block must not run. The message is the inspection as plain text: with one report, that report; with several
 * (one per repository), which repositories failed, each failed report in full, and the ones that passed. It never
 * contains a secret (a report never holds one).
 */
public final class PreflightFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<InspectionReport> reports;

    /**
     * @param reports one per repository inspected, in the order asked for; at least one of them failed
     * @throws IllegalArgumentException when none failed
     */
    public PreflightFailedException(List<InspectionReport> reports) {
        super(message(reports));
        this.reports = List.copyOf(reports);
    }

    /** Every report, one per repository inspected, passed or not; null only after this exception was deserialized. */
    public List<InspectionReport> reports() {
        return reports;
    }

    private static String message(List<InspectionReport> reports) {
        List<InspectionReport> failed = failed(Objects.requireNonNull(reports, "reports"));
        if (failed.isEmpty()) {
            throw new IllegalArgumentException("no report failed");
        }
        if (reports.size() == 1) {
            return "Preflight failed: " + reports.get(0).toPlainText().strip();
        }
        StringBuilder text = new StringBuilder("Preflight failed on ").append(failed.size()).append(" of ")
                .append(reports.size()).append(" repositories: ")
                .append(String.join(", ", failed.stream().map(PreflightFailedException::target).toList()))
                .append('.');
        for (InspectionReport report : failed) {
            text.append("\n--- ").append(target(report)).append('\n').append(report.toPlainText().strip());
        }
        for (InspectionReport report : reports) {
            if (report.passed()) {
                text.append("\n--- ").append(target(report)).append(": ").append(report.summary());
            }
        }
        return text.toString();
    }

    private static List<InspectionReport> failed(List<InspectionReport> reports) {
        return reports.stream().filter(report -> !report.passed()).toList();
    }

    private static String target(InspectionReport report) {
        return report.repository().orElse(report.serverUrl());
    }
}
