package io.filebridge.intake.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A {@code hotfolder:} intake gets filebridge's conventions unless its route says otherwise, and the start-up check
 * still refuses a plain {@code file:} intake without them.
 *
 * <p>Why: the shipped pipelines state only their folder; if a convention went missing (a read lock, the failed
 * folder), files would be taken half-written or retried forever without anyone seeing it in the route.
 */
class HotFolderConventionsTest {

    private final HotFolderIntakeCheck check = new HotFolderIntakeCheck();

    @Test
    void aHotFolderTakesStableFilesRecursivelySkipsTemporaryNamesAndKeepsArchiveAndFailedTrees() {
        Map<String, Object> params = new HashMap<>();
        HotFolderComponent.applyConventions(params);

        assertThat(params).containsEntry("recursive", "true")
                .containsEntry("exclusiveReadLockStrategy", "#stableReadLock")
                .containsEntry("exclude", HotFolderComponent.TEMPORARY_NAMES)
                .containsEntry("move", ".done/${file:name}")
                .containsEntry("moveFailed", ".failed/${file:name}")
                .doesNotContainKey("readLock");
        assertThat("report.pdf.part").matches(HotFolderComponent.TEMPORARY_NAMES);
        assertThat("~lock.docx").matches(HotFolderComponent.TEMPORARY_NAMES);
        assertThat("report.pdf").doesNotMatch(HotFolderComponent.TEMPORARY_NAMES);
    }

    @Test
    void onACronScheduleItWaitsWithinThePollInsteadOfForTheNextRun() {
        Map<String, Object> params = new HashMap<>(Map.of("scheduler", "quartz"));
        HotFolderComponent.applyConventions(params);

        assertThat(params).containsEntry("readLock", "changed").doesNotContainKey("exclusiveReadLockStrategy");
        assertThat(check.problems("hotfolder:in?scheduler=quartz&scheduler.cron=0+0+2+*+*+?")).isEmpty();
    }

    @Test
    void whatTheRouteSetsWins() {
        Map<String, Object> params = new HashMap<>(Map.of("moveFailed", ".errors", "readLock", "changed"));
        HotFolderComponent.applyConventions(params);

        assertThat(params).containsEntry("moveFailed", ".errors").containsEntry("readLock", "changed")
                .doesNotContainKey("exclusiveReadLockStrategy");
    }

    @Test
    void aHotFolderPassesTheStartUpCheckAndAPlainFileIntakeWithoutTheConventionsDoesNot() {
        assertThat(check.problems("hotfolder:data/inbox/support")).isEmpty();
        assertThat(check.problems("file:data/inbox/support")).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("no read lock"))
                .anySatisfy(p -> assertThat(p).contains("no moveFailed folder"));
        assertThat(check.problems("hotfolder:in?scheduler=quartz&exclusiveReadLockStrategy=#stableReadLock"))
                .singleElement().asString().contains("cron schedule");
        assertThat(check.problems("aws2-s3:bucket")).isEmpty();
    }
}
