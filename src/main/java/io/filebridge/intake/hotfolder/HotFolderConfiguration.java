package io.filebridge.intake.hotfolder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers filebridge's {@code file:} component under Camel's name for it, and the {@code hotfolder:} component. */
@Configuration(proxyBeanMethods = false)
public class HotFolderConfiguration {

    @Bean("file")
    FilebridgeFileComponent fileComponent(HotFolders hotFolders) {
        return new FilebridgeFileComponent(hotFolders);
    }

    @Bean(HotFolderComponent.SCHEME)
    HotFolderComponent hotFolderComponent(HotFolders hotFolders) {
        return new HotFolderComponent(hotFolders);
    }
}
