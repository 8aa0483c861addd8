package io.filebridge.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * deploy/Dockerfile read as data: its stages' instructions, so tests can check and replay what the image would do on a
 * machine that cannot build images (no container engine here).
 *
 * @param stages the stages in order, each its base image and its instructions (keyword, then the rest of the line)
 */
record DeploymentRecipe(List<Stage> stages) {

    /** The distroless images' nonroot user. */
    static final long NONROOT_UID = 65532;

    static final Path DOCKERFILE = Path.of("deploy", "Dockerfile");

    record Stage(String from, String name, List<String[]> instructions) {

        List<String> all(String keyword) {
            return instructions.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
        }

        String last(String keyword) {
            List<String> found = all(keyword);
            return found.isEmpty() ? null : found.get(found.size() - 1);
        }
    }

    static DeploymentRecipe read() {
        try {
            List<Stage> stages = new ArrayList<>();
            String joined = Files.readString(DOCKERFILE).replace("\\\n", " ");
            for (String line : joined.lines().map(String::strip).toList()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] split = line.split("\\s+", 2);
                String keyword = split[0].toUpperCase(java.util.Locale.ROOT);
                String rest = split.length > 1 ? split[1].strip() : "";
                if (keyword.equals("FROM")) {
                    String[] from = rest.split("\\s+(?i:as)\\s+");
                    stages.add(new Stage(from[0], from.length > 1 ? from[1] : null, new ArrayList<>()));
                } else {
                    stages.get(stages.size() - 1).instructions().add(new String[] {keyword, rest});
                }
            }
            return new DeploymentRecipe(stages);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DOCKERFILE, e);
        }
    }

    Stage runtime() {
        return stages.get(stages.size() - 1);
    }

    String workdir() {
        return runtime().last("WORKDIR");
    }

    /** An exec-form (JSON array) instruction's words; a shell-form one is refused: the runtime has no shell. */
    static List<String> execForm(String instruction) {
        try {
            return new ObjectMapper().readValue(instruction, new TypeReference<List<String>>() {
            });
        } catch (IOException e) {
            throw new IllegalStateException("not in exec form (a JSON array), which needs a shell: " + instruction);
        }
    }

    /** The runtime stage's ENV settings. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : runtime().all("ENV")) {
            for (String pair : line.split("\\s+")) {
                int eq = pair.indexOf('=');
                env.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return env;
    }
}
