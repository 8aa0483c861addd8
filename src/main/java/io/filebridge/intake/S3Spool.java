package io.filebridge.intake;

import java.nio.file.Path;

/**
 * Where an S3 object's content waits on local disk while its run is under way (so it is read once from S3 and can be
 * fingerprinted before anything is sent). Made from the tracking spool folder by the S3 intake's configuration.
 */
public record S3Spool(Path dir) {
}
