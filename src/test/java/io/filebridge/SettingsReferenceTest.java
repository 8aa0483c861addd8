package io.filebridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.SettingsReference.Metadata;
import io.filebridge.SettingsReference.Property;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.ClassUtils;

/**
 * docs/settings.md is generated from the configuration metadata ({@link SettingsReference}), so it cannot drift from
 * the settings classes; this test fails when it did, or when a {@code filebridge.*} setting is undocumented: used in
 * a config file, a route, a kamelet or the code without being in the metadata, in the metadata without a
 * description, or with a default in the metadata that is not the class's own.
 *
 * <p>Regenerate the page: {@value SettingsReference#REGENERATE}
 */
class SettingsReferenceTest {

    /** Reads back requests-per-minute: it has no value of its own to compare a default with. */
    private static final Set<String> ALIASES = Set.of("filebridge.vendors.sendcloud.uploads-per-minute");

    @Test
    void settingsPageIsGeneratedFromTheMetadata() throws IOException {
        String generated = SettingsReference.page();
        if (Boolean.getBoolean("settings.write")) {
            SettingsReference.write(generated);
        }
        String onDisk = Files.isRegularFile(SettingsReference.PAGE)
                ? Files.readString(SettingsReference.PAGE, StandardCharsets.UTF_8) : "";
        assertThat(onDisk).as("%s is not what the settings classes generate; regenerate it: %s",
                SettingsReference.PAGE, SettingsReference.REGENERATE).isEqualTo(generated);
    }

    @Test
    void everyFilebridgeSettingHasADescription() throws IOException {
        List<String> undescribed = SettingsReference.metadata().properties().stream()
                .filter(p -> p.name().startsWith(SettingsReference.PREFIX))
                .filter(p -> !p.name().startsWith(SettingsReference.SANDBOX))
                .filter(p -> p.description() == null || p.description().isBlank())
                .map(Property::name).toList();
        assertThat(undescribed).as("settings without a description: give each field (or record @param) Javadoc")
                .isEmpty();
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("(?:\\$\\{|\\{\\{)(filebridge\\.[A-Za-z0-9.\\-]+)");
    private static final Pattern VALUE_ANNOTATION = Pattern.compile("Value\\(\"\\$\\{filebridge\\.");
    private static final Pattern READ_IN_CODE = Pattern.compile(
            "(?:getProperty\\(|[A-Z_]*KEY\\s*=\\s*)\"(filebridge\\.[A-Za-z0-9.\\-]+)\"");

    @Test
    void everyFilebridgeKeyInUseIsInTheMetadata() throws IOException {
        Set<String> known = SettingsReference.metadata().names();
        Map<String, String> used = new LinkedHashMap<>(); // key -> where
        for (Path config : files(Path.of("config"), ".yml")) {
            SettingsReference.yaml(config).forEach((key, value) -> {
                if (key.startsWith(SettingsReference.PREFIX)) {
                    used.putIfAbsent(key, config.toString());
                }
                find(PLACEHOLDER, value, config.toString(), used);
            });
        }
        for (Path yaml : Stream.of(files(Path.of("routes"), ".yaml"), files(Path.of("examples"), ".yaml"),
                files(Path.of("src/main/resources/kamelets"), ".yaml")).flatMap(List::stream).toList()) {
            find(PLACEHOLDER, Files.readString(yaml), yaml.toString(), used);
        }
        List<String> valueReads = new ArrayList<>();
        for (Path source : files(Path.of("src/main/java"), ".java")) {
            String code = Files.readString(source);
            find(PLACEHOLDER, code, source.toString(), used);
            find(READ_IN_CODE, code, source.toString(), used);
            if (VALUE_ANNOTATION.matcher(code).find()) {
                valueReads.add(source.toString());
            }
        }
        assertThat(used).as("sanity: the scan found the shipped settings").containsKeys("filebridge.data-dir",
                "filebridge.vendors.phrase.concurrency", "filebridge.intake.quiet-period");

        List<String> missing = used.entrySet().stream().filter(e -> !isKnown(e.getKey(), known))
                .map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
        assertThat(missing).as("filebridge settings in use that the configuration metadata does not know: bind each in"
                + " the @ConfigurationProperties class of its feature, with Javadoc; only what no class can hold goes"
                + " into src/main/resources/META-INF/additional-spring-configuration-metadata.json").isEmpty();
        assertThat(valueReads).as("@Value reads of filebridge settings: bind them in the @ConfigurationProperties class"
                + " of their feature instead, so they are documented").isEmpty();
    }

    /** A name ending in a dot ({@code {{filebridge.examples.s3.*}}} in a comment) stands for the settings below it. */
    private static boolean isKnown(String key, Set<String> known) {
        return key.endsWith(".") ? known.stream().anyMatch(k -> k.startsWith(key)) : known.contains(key);
    }

    private static void find(Pattern pattern, String text, String where, Map<String, String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.putIfAbsent(m.group(1), where);
        }
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    /**
     * The metadata's defaults are the classes' own: each settings class bound from nothing holds exactly the default
     * the metadata (and so the page) names, and a value where the metadata names none. Catches a default the
     * processor cannot read (set in a constructor, or by a method call) that additional metadata does not state.
     */
    @Test
    void metadataDefaultsAreTheClassesOwn() throws Exception {
        Metadata metadata = SettingsReference.metadata();
        Binder nothing = new Binder(new MapConfigurationPropertySource());
        List<String> wrong = new ArrayList<>();
        Set<String> checked = new TreeSet<>();
        for (SettingsReference.Group group : metadata.groups()) {
            if (group.type() == null || !group.name().startsWith("filebridge")
                    || group.name().startsWith(SettingsReference.SANDBOX)) {
                continue;
            }
            Class<?> type = Class.forName(group.type());
            Object bound = nothing.bindOrCreate(group.name(), type);
            for (Property p : metadata.properties()) {
                if (!group.type().equals(p.sourceType()) || ALIASES.contains(p.name())) {
                    continue;
                }
                String camel = camelCase(p.name().substring(group.name().length() + 1));
                Class<?> valueType;
                Object actual;
                if (type.isRecord()) {
                    RecordComponent component = Stream.of(type.getRecordComponents())
                            .filter(c -> c.getName().equals(camel)).findFirst().orElseThrow();
                    valueType = component.getType();
                    actual = component.getAccessor().invoke(bound);
                } else {
                    BeanWrapperImpl bean = new BeanWrapperImpl(bound);
                    valueType = bean.getPropertyType(camel);
                    actual = bean.getPropertyValue(camel);
                }
                Object expected = p.defaultValue() == null ? null : new Binder(new MapConfigurationPropertySource(
                        Map.of("v", p.defaultValue()))).bind("v", Bindable.of(ClassUtils.resolvePrimitiveIfNecessary(
                                valueType))).orElse(null);
                boolean unset = actual == null || actual instanceof String s && s.isEmpty();
                if (expected == null ? !unset : !Objects.equals(expected, actual)) {
                    wrong.add(p.name() + ": metadata says " + p.defaultValue() + ", " + type.getSimpleName()
                            + " holds " + actual);
                }
                checked.add(p.name());
            }
        }
        assertThat(checked).as("sanity: defaults were compared").contains("filebridge.intake.quiet-period",
                "filebridge.vendors.sendcloud.requests-per-minute", "filebridge.tracking.spool-dir");
        assertThat(wrong).as("defaults in the configuration metadata that are not the class's own: use a field"
                + " initialiser or @DefaultValue the processor can read, or state the default in"
                + " src/main/resources/META-INF/additional-spring-configuration-metadata.json").isEmpty();
    }

    private static String camelCase(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /**
     * The processor merges the hand-written additional metadata only when it runs, i.e. when Java sources are
     * compiled: an edit of that file alone leaves the metadata (and so the generated page) stale.
     */
    @Test
    void metadataHoldsTheAdditionalFileAsItIsNow() throws IOException {
        Metadata metadata = SettingsReference.metadata();
        JsonNode additional = new ObjectMapper().readTree(
                Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json").toFile());
        List<String> stale = new ArrayList<>();
        for (JsonNode entry : additional.path("properties")) {
            Property merged = metadata.property(entry.path("name").asText());
            if (merged == null
                    || entry.has("description") && !entry.get("description").asText().equals(merged.description())
                    || entry.has("defaultValue") && !entry.get("defaultValue").asText().equals(merged.defaultValue())) {
                stale.add(entry.path("name").asText());
            }
        }
        assertThat(stale).as("target/classes/META-INF/spring-configuration-metadata.json is older than"
                + " additional-spring-configuration-metadata.json; compile again: ./mvnw -o -q clean test"
                + " -Dtest=SettingsReferenceTest -Dsettings.write=true").isEmpty();
    }

    /** The Spring Boot and Camel settings the page explains are ones Spring Boot or Camel know. */
    @Test
    void springAndCamelSettingsOnThePageExist() throws IOException {
        Set<String> properties = new TreeSet<>();
        Set<String> maps = new TreeSet<>();
        Enumeration<URL> files = getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
        ObjectMapper json = new ObjectMapper();
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                for (JsonNode p : json.readTree(in).path("properties")) {
                    String name = p.path("name").asText();
                    properties.add(name);
                    if (p.path("type").asText().startsWith("java.util.Map<")) {
                        maps.add(name + ".");
                    }
                }
            }
        }
        List<String> keys = SettingsReference.springAndCamelKeys();
        assertThat(keys).as("sanity: the hand-kept table was read").contains("server.port", "spring.datasource.password");
        assertThat(keys).as("settings in %s that neither Spring Boot nor Camel knows", SettingsReference.SPRING_AND_CAMEL)
                .allMatch(key -> properties.contains(key) || maps.stream().anyMatch(key::startsWith));
    }
}
