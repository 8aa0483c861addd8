package io.filebridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The image recipe (deploy/Dockerfile) replayed without a container engine, which these machines do not have: its
 * build step run on the jar this build made, its runtime layout assembled from the layers as its COPY lines say, the
 * Kubernetes settings (deploy/kubernetes/base/application.yml) where the ConfigMap is mounted, and its ENTRYPOINT run
 * as written. The application must become ready and read the mounted settings; the recipe must run as the nonroot
 * user, without a shell, and start with bin/filebridge's JVM options.
 */
class DeploymentRecipeIT {

    private static final Path JAR = Path.of("target", "filebridge.jar");

    @Test
    void theImageRecipeStartsTheBuiltJarAsItIsWritten() throws Exception {
        DeploymentRecipe recipe = DeploymentRecipe.read();
        DeploymentRecipe.Stage build = recipe.stages().get(0);
        DeploymentRecipe.Stage runtime = recipe.runtime();

        // what the image promises: non-root, no shell at run time, no health check of its own
        assertThat(runtime.from()).contains("distroless").endsWith(":nonroot");
        assertThat(runtime.last("USER")).isEqualTo("nonroot");
        assertThat(runtime.all("RUN")).as("the runtime stage runs nothing: it has no shell").isEmpty();
        assertThat(runtime.all("HEALTHCHECK")).isEmpty();
        assertThat(build.from()).as("the same JDK builds as runs").startsWith(runtime.from().replace(":nonroot", ":"));
        List<String> entrypoint = DeploymentRecipe.execForm(runtime.last("ENTRYPOINT"));
        assertThat(entrypoint).containsAll(binFilebridgeDefaults());

        Path root = Files.createDirectories(Path.of("target", "recipe-" + System.nanoTime()).toAbsolutePath());
        // the build stage: its WORKDIR with the jar COPYed in, then its RUN
        Path buildDir = Files.createDirectories(root.resolve("build"));
        Files.copy(JAR, buildDir.resolve("filebridge.jar"));
        for (String run : build.all("RUN")) {
            List<String> command = new ArrayList<>(DeploymentRecipe.execForm(run));
            command.set(0, javaCommand());
            Process step = new ProcessBuilder(command).directory(buildDir.toFile()).inheritIO().start();
            assertThat(step.waitFor()).as("RUN " + run).isZero();
        }
        // the runtime stage: the layers in order, then config/ and routes/ from the repository
        Path app = Files.createDirectories(root.resolve("app"));
        for (String copy : runtime.all("COPY")) {
            String[] words = copy.split("\\s+");
            boolean fromBuild = words[0].startsWith("--from=");
            Path source = fromBuild ? buildDir.resolve(words[1].replaceFirst("^/build/", ""))
                    : Path.of(words[0]);
            copyTree(source, app.resolve(words[words.length - 1]));
        }
        // the Kubernetes settings, where the ConfigMap is mounted
        Path mounted = Files.createDirectories(app.resolve("config").resolve("k8s"));
        Files.copy(DeploymentManifestsTest.KUBERNETES.resolve("base").resolve("application.yml"),
                mounted.resolve("application.yml"));

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(entrypoint);
        command.set(0, javaCommand());
        ProcessBuilder container = new ProcessBuilder(command).directory(app.toFile())
                .redirectErrorStream(true).redirectOutput(root.resolve("container.log").toFile());
        Map<String, String> env = container.environment();
        recipe.environment().forEach((k, v) -> env.put(k, v.startsWith("/") ? root.resolve(v.substring(1))
                .toString() : v));
        env.put("PORT", String.valueOf(port));
        env.put("SPRING_PROFILES_ACTIVE", "sandbox"); // vendors emulated: no pipeline is refused for credentials
        env.put("FILEBRIDGE_INSTANCE_ID", "recipe-pod");
        Process process = container.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(process.isAlive()).as("the container's process ended; see " + root.resolve(
                        "container.log")).isTrue();
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            });
            String log = Files.readString(root.resolve("container.log"));
            assertThat(log).as("the data folder from the image's ENV").contains(root.resolve("data").toString());
            assertThat(log).as("the settings mounted at config/k8s/ are read").contains("instance ttl PT20S");
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    /** The JVM options bin/filebridge always starts with (its {@code defaults=}). */
    private static List<String> binFilebridgeDefaults() throws IOException {
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("bin", "filebridge"))) {
            String trimmed = line.strip();
            if (trimmed.startsWith("defaults=\"") || trimmed.startsWith("*) defaults=\"")) {
                String value = trimmed.substring(trimmed.indexOf('"') + 1, trimmed.lastIndexOf('"'));
                for (String option : value.split("\\s+")) {
                    if (!option.startsWith("$")) {
                        options.add(option);
                    }
                }
            }
        }
        assertThat(options).as("bin/filebridge's defaults").contains("-XX:+UseSerialGC");
        return options;
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
