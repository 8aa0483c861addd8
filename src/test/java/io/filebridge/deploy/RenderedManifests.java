package io.filebridge.deploy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * A Kustomize overlay rendered by {@code kubectl kustomize} and read into the Kubernetes API's own object model
 * (fabric8's, generated from the API's OpenAPI schemas): a field the schema does not have, or a value of the wrong
 * type, fails here as it would at the API server.
 */
final class RenderedManifests {

    /** The kinds the manifests may hold, by apiVersion/kind. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    final List<HasMetadata> objects;

    private RenderedManifests(List<HasMetadata> objects) {
        this.objects = objects;
    }

    /** {@code kubectl kustomize <overlay>}; fails when kubectl is missing (.ci/run installs it). */
    static RenderedManifests render(Path overlay) throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(false)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("kubectl is needed to render the Kustomize overlays (Kustomize is built"
                    + " into kubectl >= 1.21); .ci/install-kubectl installs it: " + e.getMessage(), e);
        }
        byte[] out = kubectl.getInputStream().readAllBytes();
        String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + overlay + " failed: " + err);
        }
        return parse(new String(out, StandardCharsets.UTF_8));
    }

    static RenderedManifests parse(String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isEmpty()) {
                    continue;
                }
                String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
                Class<? extends HasMetadata> kind = KINDS.get(type);
                if (kind == null) {
                    throw new IllegalStateException("unexpected object " + type + " in the manifests");
                }
                HasMetadata object = YAML.treeToValue(document, kind);
                List<String> unknown = new ArrayList<>();
                unknownFields(object, type + " " + object.getMetadata().getName(), unknown,
                        java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
                if (!unknown.isEmpty()) {
                    throw new IllegalStateException("fields the Kubernetes API does not have: " + unknown);
                }
                objects.add(object);
            }
        }
        return new RenderedManifests(objects);
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> kind) {
        List<T> found = all(kind);
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + kind.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    /**
     * The model keeps whatever its schema does not know in {@code additionalProperties}: anything there is a field
     * the API server would reject (or silently drop).
     */
    private static void unknownFields(Object value, String path, List<String> unknown, Set<Object> seen) {
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")
                || !seen.add(value)) {
            if (value instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    unknownFields(item, path + "[" + i++ + "]", unknown, seen);
                }
            } else if (value instanceof Map<?, ?> map && !path.endsWith("additionalProperties")) {
                map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, seen));
            }
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
                continue;
            }
            unknownFields(field, path + "." + getter.getName().replaceFirst("^(get|is)", ""), unknown, seen);
        }
    }
}
