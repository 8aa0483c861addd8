package io.filebridge.intake.hotfolder;

import java.io.File;
import java.util.Map;

import org.apache.camel.component.file.GenericFileEndpoint;

/**
 * {@code hotfolder:<folder>}: a {@code file:} consumer with the conventions every filebridge hot folder shares, so a
 * pipeline states only what is its own (its folder, and any option it wants otherwise):
 * <ul>
 * <li>subfolders too ({@code recursive});</li>
 * <li>a file is taken only once it stopped changing ({@code #stableReadLock}, the quiet period); on a cron schedule,
 * where each run is a single poll, Camel's {@code readLock: changed} instead, which waits within the poll;</li>
 * <li>names writers use while a file is still being written are never taken ({@link #TEMPORARY_NAMES}; hidden
 * {@code .name} files never are either): write {@code report.pdf.part}, then rename it to {@code report.pdf};</li>
 * <li>one archive tree and one failed tree under the inbox, keeping subfolders ({@code .done/}, {@code .failed/};
 * a plain {@code .done} would put a folder inside every subfolder).</li>
 * </ul>
 * A route that gives one of these options keeps its own value.
 */
public class HotFolderComponent extends FilebridgeFileComponent {

    public static final String SCHEME = "hotfolder";

    /** Names of files still being written: editors' lock files and the temporary suffixes of common writers. */
    public static final String TEMPORARY_NAMES = "(?i)(~.*|.*\\.(tmp|temp|part|partial|crdownload|filepart|download))";

    private static final Map<String, Object> CONVENTIONS = Map.of(
            "recursive", "true",
            "exclude", TEMPORARY_NAMES,
            "move", ".done/${file:name}",
            "moveFailed", ".failed/${file:name}");

    public HotFolderComponent(HotFolders hotFolders) {
        super(hotFolders);
    }

    @Override
    protected GenericFileEndpoint<File> createEndpoint(String uri, String remaining, Map<String, Object> parameters)
            throws Exception {
        applyConventions(parameters);
        return super.createEndpoint(uri, remaining, parameters);
    }

    /** Adds the conventions a route did not set itself to its endpoint parameters. */
    static void applyConventions(Map<String, Object> parameters) {
        CONVENTIONS.forEach(parameters::putIfAbsent);
        if (!parameters.containsKey("readLock") && !parameters.containsKey("exclusiveReadLockStrategy")) {
            if (parameters.containsKey("scheduler")) {
                parameters.put("readLock", "changed");
            } else {
                parameters.put("exclusiveReadLockStrategy", "#" + IntakeConfiguration.STABLE_READ_LOCK);
            }
        }
    }
}
