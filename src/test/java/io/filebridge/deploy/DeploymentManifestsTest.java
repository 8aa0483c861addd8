package io.filebridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.convert.DurationStyle;

/**
 * The Kubernetes manifests under deploy/kubernetes, as {@code kubectl kustomize} renders each overlay, read into the
 * Kubernetes API's object model ({@link RenderedManifests}), and checked against what filebridge needs from them: the
 * probes and port it serves, the user its image runs as, secrets only by reference, settings that filebridge reads,
 * a grace period longer than its own, selectors that find the pods, and a shared volume and ledger for several
 * replicas.
 */
class DeploymentManifestsTest {

    static final Path KUBERNETES = Path.of("deploy", "kubernetes");
    static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|KEY|DB_URL).*");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overlays/production", "overlays/sandbox"})
    void theOverlayRendersToObjectsTheApiAcceptsAndFilebridgeCanRunIn(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(KUBERNETES.resolve(overlay));
        Deployment deployment = manifests.one(Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        Container app = pod.getContainers().get(0);
        assertThat(pod.getContainers()).hasSize(1);

        // the selectors find the pods
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(podLabels).containsAllEntriesOf(manifests.one(Service.class).getSpec().getSelector());
        assertThat(podLabels).containsAllEntriesOf(manifests.one(PodDisruptionBudget.class).getSpec().getSelector()
                .getMatchLabels());
        assertThat(manifests.one(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

        // the port, the probes and the metrics filebridge serves
        assertThat(app.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(8080);
        });
        assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(app.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(app.getStartupProbe().getPeriodSeconds() * app.getStartupProbe().getFailureThreshold())
                .as("seconds a start may take").isGreaterThanOrEqualTo(60);
        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/path", "/actuator/prometheus")
                .containsEntry("prometheus.io/port", "8080");
        assertThat(shippedConfig()).contains("include: health,info,prometheus");

        // the image's user, no root, a read-only root file system with a writable /tmp
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(DeploymentRecipe.NONROOT_UID);
        assertThat(app.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(app.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(app.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        Map<String, String> mounts = app.getVolumeMounts().stream().collect(Collectors.toMap(VolumeMount::getMountPath,
                VolumeMount::getName));
        assertThat(volumes).containsKeys(mounts.values().toArray(String[]::new));
        assertThat(mounts).containsKeys("/tmp", "/data",
                DeploymentRecipe.read().workdir() + "/config/k8s");

        // every volume is there: the shared folders' claim and the generated settings
        String claim = volumes.get(mounts.get("/data")).getPersistentVolumeClaim().getClaimName();
        PersistentVolumeClaim pvc = manifests.all(PersistentVolumeClaim.class).stream()
                .filter(p -> p.getMetadata().getName().equals(claim)).findFirst().orElseThrow();
        String configMap = volumes.get(mounts.get(DeploymentRecipe.read().workdir() + "/config/k8s")).getConfigMap()
                .getName();
        ConfigMap settings = manifests.all(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(configMap)).findFirst().orElseThrow();
        assertThat(settings.getData()).containsKey("application.yml");

        // secrets only by reference; every variable set is one filebridge reads
        Map<String, EnvVar> env = app.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        env.values().stream().filter(e -> SECRET_NAME.matcher(e.getName()).matches()).forEach(e -> {
            assertThat(e.getValue()).as(e.getName() + " as a literal").isNull();
            assertThat(e.getValueFrom().getSecretKeyRef()).as(e.getName() + " from a Secret").isNotNull();
        });
        Set<String> readByFilebridge = placeholders(shippedConfig());
        env.keySet().stream().filter(n -> n.startsWith("FILEBRIDGE_")).forEach(name -> assertThat(readByFilebridge)
                .as("config/application.yml reads " + name).contains(name));
        assertThat(env.get("FILEBRIDGE_INSTANCE_ID").getValueFrom().getFieldRef().getFieldPath())
                .as("each replica's own name in the ledger").isEqualTo("metadata.name");

        // a stop finishes within the pod's grace period
        Duration grace = DurationStyle.detectAndParse(setting(settings.getData().get("application.yml"),
                "grace-period").orElseGet(() -> setting(shippedConfig(), "grace-period").orElseThrow()));
        assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds())).isGreaterThan(grace);

        // resources from the measured footprint (about 230 MiB idle)
        Quantity memoryLimit = app.getResources().getLimits().get("memory");
        assertThat(Quantity.getAmountInBytes(memoryLimit).longValue()).isGreaterThanOrEqualTo(512L << 20);
        assertThat(app.getResources().getRequests()).containsKeys("cpu", "memory");

        // several replicas need a volume they can all mount and a ledger they share; one may use the embedded one
        int replicas = deployment.getSpec().getReplicas();
        if (replicas > 1) {
            assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
            assertThat(env).containsKey("FILEBRIDGE_DB_URL");
            assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        } else {
            assertThat(env).doesNotContainKey("FILEBRIDGE_DB_URL");
            assertThat(deployment.getSpec().getStrategy().getType()).as("never two pods on one embedded ledger")
                    .isEqualTo("Recreate");
        }
    }

    static String shippedConfig() {
        try {
            return Files.readString(Path.of("config", "application.yml"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The environment variables a YAML file's {@code ${NAME...}} placeholders read. */
    private static Set<String> placeholders(String yaml) {
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(yaml);
        Set<String> names = new HashSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The first line {@code key: value} of a YAML text (its value may be a ${VAR:default}). */
    private static Optional<String> setting(String yaml, String key) {
        return yaml.lines().map(String::strip).filter(l -> l.startsWith(key + ":")).findFirst()
                .map(l -> l.substring(key.length() + 1).strip().replaceAll("^\\$\\{[A-Z_]+:(.*)}$", "$1"));
    }
}
