package io.filebridge.intake.hotfolder;

import io.filebridge.files.EarlyHashes;
import io.filebridge.intake.IntakeProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

/**
 * Beans that hot-folder routes refer to by name.
 *
 * <p>{@code exclusiveReadLockStrategy: "#stableReadLock"} on a {@code file:} endpoint is resolved by Camel through
 * {@code ApplicationContextBeanRepository}, which calls {@code ApplicationContext.getBean(name, type)} on every lookup.
 * Camel looks the reference up once per endpoint it creates, so the prototype scope gives every endpoint its own
 * {@link StableFileReadLock}, which is what the strategy needs: Camel hands it per-endpoint settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntakeProperties.class)
public class IntakeConfiguration {

    /** The registry name routes use: {@code exclusiveReadLockStrategy: "#stableReadLock"}. */
    public static final String STABLE_READ_LOCK = "stableReadLock";

    /** One hashing thread for the whole process, whatever the number of hot folders. */
    @Bean
    public EarlyHashes earlyHashes(IntakeProperties properties) {
        return new EarlyHashes(properties.largeFilesFrom().toBytes());
    }

    @Bean(STABLE_READ_LOCK)
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    public StableFileReadLock stableReadLock(IntakeProperties properties, ObjectProvider<UnsettledFiles> unsettled,
            EarlyHashes earlyHashes) {
        StableFileReadLock lock = new StableFileReadLock(properties.quietPeriod(), properties.forgetAfter(),
                System::nanoTime).hashingEarly(earlyHashes);
        unsettled.ifAvailable(files -> lock.reportingUnsettled(files, properties.unsettledAfter()));
        return lock;
    }
}
