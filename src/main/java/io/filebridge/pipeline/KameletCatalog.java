package io.filebridge.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the product's Kamelet definitions (classpath {@code kamelets/}) for validation: parameters and vendor. */
@Component
public class KameletCatalog {

    /** The label on filebridge Kamelets that names the vendor whose credentials they need. */
    static final String VENDOR_LABEL = "filebridge.io/vendor";

    /** What validation needs to know of one Kamelet. */
    public record KameletInfo(String name, Set<String> required, Set<String> properties, Map<String, Object> defaults,
            Optional<String> vendor) {
    }

    private final Map<String, Optional<KameletInfo>> cache = new ConcurrentHashMap<>();

    public Optional<KameletInfo> find(String name) {
        return cache.computeIfAbsent(name, KameletCatalog::load);
    }

    @SuppressWarnings("unchecked")
    private static Optional<KameletInfo> load(String name) {
        var resource = new ClassPathResource("kamelets/" + name + ".kamelet.yaml");
        if (!resource.exists()) {
            return Optional.empty();
        }
        try (InputStream in = resource.getInputStream()) {
            Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            Map<String, Object> metadata = map(doc.get("metadata"));
            Map<String, Object> definition = map(map(doc.get("spec")).get("definition"));
            Map<String, Object> properties = map(definition.get("properties"));
            Map<String, Object> defaults = new java.util.HashMap<>();
            properties.forEach((key, value) -> {
                Object dflt = map(value).get("default");
                if (dflt != null) {
                    defaults.put(key, dflt);
                }
            });
            List<String> required = definition.get("required") instanceof List<?> l ? (List<String>) l : List.of();
            Object vendor = map(metadata.get("labels")).get(VENDOR_LABEL);
            return Optional.of(new KameletInfo(name, Set.copyOf(required), Set.copyOf(properties.keySet()),
                    Map.copyOf(defaults), Optional.ofNullable(vendor).map(Object::toString)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the Kamelet definition kamelets/" + name + ".kamelet.yaml is unreadable: "
                    + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
