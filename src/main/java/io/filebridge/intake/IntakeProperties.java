package io.filebridge.intake;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the hot-folder intake ({@code filebridge.intake.*}).
 *
 * @param quietPeriod how long a file must stay unchanged, as seen by this process, before it is picked up; an
 *                    endpoint's {@code readLockMinAge} overrides it for that endpoint
 * @param forgetAfter how long the read lock remembers a file that is no longer offered (deleted or renamed before it
 *                    was stable) before forgetting it
 * @param unsettledAfter how long a file may keep changing before it is reported as one that keeps changing (a WARN
 *                    line, a metric, the status page); it is still not taken while it changes
 * @param links       what a hot folder does with a symbolic link: {@code refuse} (the default) moves the link itself
 *                    to the failed folder with a report; {@code inside-inbox} follows a link whose target lies inside
 *                    the same inbox and refuses the others
 */
@ConfigurationProperties("filebridge.intake")
public record IntakeProperties(
        @DefaultValue("2s") Duration quietPeriod,
        @DefaultValue("10m") Duration forgetAfter,
        @DefaultValue("15m") Duration unsettledAfter,
        @DefaultValue("refuse") LinkPolicy links) {

    /** See {@link IntakeProperties#links}. */
    public enum LinkPolicy { REFUSE, INSIDE_INBOX }
}
