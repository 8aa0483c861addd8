package io.filebridge.intake.hotfolder;

import java.io.File;
import java.util.Map;

import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFileConfiguration;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.util.FileUtil;
import org.apache.camel.util.StringHelper;

/**
 * The {@code file:} component of filebridge's Camel context: Camel's own, whose endpoints add filebridge's hot-folder
 * guarantees and durable writes ({@link FilebridgeFileEndpoint}). Registered under the name {@code file}, which Camel
 * looks up in the registry before it loads its own component, so routes keep writing plain {@code file:} URIs.
 */
public class FilebridgeFileComponent extends FileComponent {

    private final HotFolders hotFolders;

    public FilebridgeFileComponent(HotFolders hotFolders) {
        this.hotFolders = hotFolders;
    }

    /** As {@link FileComponent#buildFileEndpoint}, with filebridge's endpoint. */
    @Override
    protected GenericFileEndpoint<File> buildFileEndpoint(String uri, String remaining, Map<String, Object> parameters)
            throws Exception {
        if (StringHelper.hasStartToken(remaining, "simple")) {
            throw new IllegalArgumentException("Invalid directory: " + remaining + ". Dynamic expressions with ${ }"
                    + " placeholders is not allowed. Use the fileName option to set the dynamic expression.");
        }
        File file = new File(remaining);
        FilebridgeFileEndpoint result = new FilebridgeFileEndpoint(uri, this, hotFolders);
        result.setFile(file);
        GenericFileConfiguration config = new GenericFileConfiguration();
        config.setDirectory(FileUtil.isAbsolute(file) ? file.getAbsolutePath() : file.getPath());
        result.setConfiguration(config);
        return result;
    }
}
