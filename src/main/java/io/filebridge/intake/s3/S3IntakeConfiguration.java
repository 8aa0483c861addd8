package io.filebridge.intake.s3;

import io.filebridge.intake.S3Spool;
import io.filebridge.translation.TrackingSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The S3 intake's local spool: {@code <filebridge.tracking.spool-dir>/s3-intake}. */
@Configuration(proxyBeanMethods = false)
public class S3IntakeConfiguration {

    @Bean
    S3Spool s3Spool(TrackingSettings tracking) {
        return new S3Spool(tracking.getSpoolDir().resolve("s3-intake"));
    }
}
