package io.filebridge.intake.hotfolder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.filebridge.pipeline.IntakeCheck;
import org.apache.camel.util.URISupport;
import org.springframework.stereotype.Component;

/**
 * A hot folder must never hand over a half-written file, and a failed file needs a place to go. A {@code hotfolder:}
 * intake has both by convention ({@link HotFolderComponent}) unless its route set them otherwise; a plain
 * {@code file:} intake must set them.
 */
@Component
public class HotFolderIntakeCheck implements IntakeCheck {

    @Override
    public List<String> problems(String uri) {
        boolean hotFolder = uri.startsWith(HotFolderComponent.SCHEME + ":");
        if (!hotFolder && !uri.startsWith("file:")) {
            return List.of();
        }
        Map<String, Object> params;
        try {
            int q = uri.indexOf('?');
            params = new HashMap<>(q < 0 ? Map.of() : URISupport.parseQuery(uri.substring(q + 1)));
        } catch (Exception e) {
            return List.of("intake '" + uri + "': unreadable parameters: " + e.getMessage());
        }
        if (hotFolder) {
            HotFolderComponent.applyConventions(params);
        }
        List<String> found = new ArrayList<>();
        boolean readLock = params.containsKey("exclusiveReadLockStrategy")
                || (params.get("readLock") != null && !"none".equals(params.get("readLock").toString()));
        if (!readLock) {
            found.add("the file intake has no read lock, so a half-written file could be uploaded: use a hotfolder:"
                    + " intake, or set exclusiveReadLockStrategy: \"#stableReadLock\" (or a Camel readLock)");
        }
        Object scheduler = params.get("scheduler");
        if (scheduler != null && !"none".equals(scheduler.toString())
                && ("#" + IntakeConfiguration.STABLE_READ_LOCK).equals(String.valueOf(
                        params.get("exclusiveReadLockStrategy")))) {
            // the stable lock never waits: it takes a file on the second poll that finds it unchanged, and on a
            // cron schedule the second poll is the next run (tomorrow night), not half a second later
            found.add("the file intake runs on a cron schedule (scheduler: " + scheduler + "), where each run is one"
                    + " poll, but #stableReadLock takes a file only on a later poll, so every file would wait for the"
                    + " next run: use readLock: changed instead");
        }
        if (params.get("moveFailed") == null) {
            found.add("the file intake has no moveFailed folder, so a failed file would be retried forever: use a"
                    + " hotfolder: intake, or set moveFailed: .failed");
        }
        return found;
    }
}
