package io.filebridge.intake;

import java.util.Optional;

import io.filebridge.ledger.Ledger;
import io.filebridge.pipeline.OutcomeLog;
import io.filebridge.secrets.SecretRedactor;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides, for an input whose exchange failed, what its intake does with it. Called by the intake on the exchange it
 * started (the hot folder's process strategy, the S3 guard), so it sees failures of every step of the route, also
 * those after the vendor step:
 * <ul>
 * <li>the vendor step failed the file itself: its report;</li>
 * <li>the vendor has the file and a later step failed (the receipt could not be written): a delivery failure, whose
 * report names the vendor's id and whose retry sends nothing again;</li>
 * <li>the ledger or the data disk is out and the vendor does not have the file: no report, the input stays where it
 * is and is taken again once the outage is over ({@link Infrastructure});</li>
 * <li>anything else: a report of the unexpected failure.</li>
 * </ul>
 */
@Component
public class FailedInputs {

    private static final Logger log = LoggerFactory.getLogger(FailedInputs.class);

    private final Ledger ledger;
    private final SecretRedactor redactor;

    public FailedInputs(Ledger ledger, SecretRedactor redactor) {
        this.ledger = ledger;
        this.redactor = redactor;
    }

    /** The report to put beside the failed input, or empty when the input must stay in its intake for now. */
    public Optional<FailureReport> reportFor(Exchange exchange) {
        Throwable failure = failureOf(exchange);
        Optional<FileIntakeStep.FileWork> work = FileRun.of(exchange).flatMap(FileRun::work);
        if (work.isPresent() && work.get().report != null) {
            return Optional.of(work.get().report);
        }
        try {
            if (work.isPresent() && work.get().vendorId != null) {
                return Optional.of(Infrastructure.untilRecorded("the delivery failure",
                        () -> work.get().deliveryFailed(failure)));
            }
            if (Infrastructure.isOutage(failure, exchange.getContext())) {
                log.warn("{}: left in its intake and taken again later: {}", describe(work),
                        redactor.redact(String.valueOf(failure)));
                return Optional.empty();
            }
            if (work.isPresent()) {
                return Optional.of(work.get().unexpectedFailure(failure));
            }
        } catch (RuntimeException e) {
            if (Infrastructure.isOutage(e)) {
                log.warn("{}: the ledger cannot record the failure now ({}); left in its intake and taken again later",
                        describe(work), e.getMessage());
                return Optional.empty();
            }
            throw e;
        }
        String error = redactor.redact("the route failed before any filebridge step: " + failure);
        log.error("pipeline={}: {}", exchange.getFromRouteId(), error);
        return Optional.of(new FailureReport(exchange.getFromRouteId(), null, null, error, null, null, 0, null,
                java.time.Instant.now(), null, null, null, "Fix the route's steps (see the log), then move the file"
                        + " back into the intake."));
    }

    /** Remembers where a failed input went, for a retry from the ops API (files that never got a row have none). */
    public void failedCopyAt(FailureReport report, String location) {
        if (report.ledgerId() != null) {
            Infrastructure.untilRecorded("where the failed copy went",
                    () -> ledger.recordFailedCopy(report.ledgerId(), location));
        }
    }

    static Throwable failureOf(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    private static String describe(Optional<FileIntakeStep.FileWork> work) {
        return work.map(w -> "pipeline=" + w.pipeline + " file=\"" + OutcomeLog.quoted(w.input.relativePath()) + "\"")
                .orElse("an input");
    }
}
