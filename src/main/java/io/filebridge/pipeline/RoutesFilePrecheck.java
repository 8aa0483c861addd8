package io.filebridge.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PostConstruct;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelConfigurationProperties;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Reads every pipeline file with Camel's own YAML loader, in a scratch context, before the real context loads them.
 * A file that does not parse (a YAML syntax error, an unknown field such as a misplaced {@code steps}) is excluded
 * from loading and reported, instead of stopping every pipeline. Runs before Camel's application listener reads
 * {@code camel.main.routes-exclude-pattern}.
 */
@Component
public class RoutesFilePrecheck {

    private static final Logger log = LoggerFactory.getLogger(RoutesFilePrecheck.class);

    private final CamelConfigurationProperties camel;
    private final PipelineProblems problems;

    public RoutesFilePrecheck(CamelConfigurationProperties camel, PipelineProblems problems) {
        this.camel = camel;
        this.problems = problems;
    }

    @PostConstruct
    void excludeUnreadableFiles() {
        String include = camel.getMain().getRoutesIncludePattern();
        if (include == null || include.isBlank() || "false".equals(include)) {
            return;
        }
        List<String> excluded = new ArrayList<>();
        var resolver = new PathMatchingResourcePatternResolver();
        for (String pattern : include.split(",")) {
            org.springframework.core.io.Resource[] files;
            try {
                files = resolver.getResources(pattern.trim());
            } catch (IOException e) {
                continue; // nothing there yet: Camel handles an empty location
            }
            for (var file : files) {
                String name = file.getFilename();
                if (name == null || !(name.endsWith(".yaml") || name.endsWith(".yml"))) {
                    continue;
                }
                problem(file).ifPresent(problem -> {
                    String location = describe(file);
                    log.error("Pipeline file {} was not loaded: {}. The other pipelines run.", location, problem);
                    problems.refuse(new PipelineProblems.Refused(location, location, List.of(problem)));
                    excluded.add(exclusionPattern(file));
                });
            }
        }
        if (!excluded.isEmpty()) {
            String existing = camel.getMain().getRoutesExcludePattern();
            List<String> all = new ArrayList<>(excluded);
            if (existing != null && !existing.isBlank()) {
                all.add(0, existing);
            }
            camel.getMain().setRoutesExcludePattern(String.join(",", all));
        }
    }

    private static java.util.Optional<String> problem(org.springframework.core.io.Resource file) {
        try (DefaultCamelContext scratch = new DefaultCamelContext(false)) {
            scratch.getPropertiesComponent().setIgnoreMissingProperty(true);
            scratch.build();
            Resource resource = scratch.getCamelContextExtension().getContextPlugin(
                    org.apache.camel.spi.ResourceLoader.class).resolveResource(file.getURI().toString());
            PluginHelper.getRoutesLoader(scratch).loadRoutes(resource);
            return java.util.Optional.empty();
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = root.getMessage() != null ? root.getMessage() : root.toString();
            return java.util.Optional.of(message.replaceAll("\\s+", " ").trim());
        }
    }

    private static String describe(org.springframework.core.io.Resource file) {
        try {
            return file.getFile().getPath();
        } catch (IOException notAFile) {
            return file.getDescription();
        }
    }

    /** Camel matches exclude patterns against the file's path; match it by name anywhere below the include roots. */
    private static String exclusionPattern(org.springframework.core.io.Resource file) {
        return "**/" + file.getFilename();
    }
}
