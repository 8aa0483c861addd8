package io.filebridge.ledger;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The S3 intake's claim lease, {@code filebridge.intake.s3-claim-lease}. It sits under {@code filebridge.intake} with
 * the other intake settings, but the claims are ledger rows ({@link S3Objects}), and the ledger knows no stage: so
 * the ledger binds it itself rather than from {@code io.filebridge.intake.IntakeProperties}.
 *
 * @param s3ClaimLease How long an instance's claim on an S3 object (ledger table {@code fb_s3_object}) holds before
 *                     another instance may take the object over, e.g. after a crash. Longer than your slowest upload;
 *                     the content check still stops a second upload of a file another instance is uploading. An
 *                     instance takes back its own claims at restart.
 */
@ConfigurationProperties("filebridge.intake")
public record S3ClaimSettings(@DefaultValue("2h") Duration s3ClaimLease) {
}
