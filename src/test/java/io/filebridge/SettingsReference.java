package io.filebridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes docs/settings.md from the configuration metadata that spring-boot-configuration-processor generates at
 * compile time (target/classes/META-INF/spring-configuration-metadata.json: the {@code @ConfigurationProperties}
 * classes' field Javadoc and defaults, merged with META-INF/additional-spring-configuration-metadata.json), the values
 * config/application.yml ships, and a hand-kept part for Spring Boot's and Camel's settings
 * (settings-spring-camel.md beside this class). Run by {@link SettingsReferenceTest}.
 */
final class SettingsReference {

    static final Path PAGE = Path.of("docs", "settings.md");
    static final Path SHIPPED_CONFIG = Path.of("config", "application.yml");
    static final String SPRING_AND_CAMEL = "settings-spring-camel.md";
    static final String REGENERATE = "./mvnw -o -q test -Dtest=SettingsReferenceTest -Dsettings.write=true";

    static final String PREFIX = "filebridge.";
    static final String VENDORS = "filebridge.vendors.";
    /** Documented by the sandbox (docs/sandbox.md, SandboxProperties), not here. */
    static final String SANDBOX = "filebridge.sandbox.";
    static final String EXAMPLES = "filebridge.examples.";

    /** One property of the metadata; {@code defaultValue} as JSON text (a string without quotes), or null. */
    record Property(String name, String type, String sourceType, String description, String defaultValue) {
    }

    /** One group of the metadata: a {@code @ConfigurationProperties} class (type) or a hand-written group. */
    record Group(String name, String type, String description) {
    }

    record Metadata(List<Group> groups, List<Property> properties) {

        Property property(String name) {
            return properties.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        }

        Set<String> names() {
            return properties.stream().map(Property::name).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private SettingsReference() {
    }

    /** The metadata of filebridge's own classes, from the class-path entry that holds them (target/classes). */
    static Metadata metadata() throws IOException {
        Path classes;
        try {
            classes = Path.of(FilebridgeApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path file = classes.resolve("META-INF/spring-configuration-metadata.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: spring-boot-configuration-processor writes it when"
                    + " the main classes are compiled (./mvnw compile)");
        }
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Group> groups = new ArrayList<>();
        root.path("groups").forEach(g -> groups.add(new Group(g.path("name").asText(), text(g, "type"),
                text(g, "description"))));
        List<Property> properties = new ArrayList<>();
        root.path("properties").forEach(p -> properties.add(new Property(p.path("name").asText(), text(p, "type"),
                text(p, "sourceType"), text(p, "description"), defaultValue(p.get("defaultValue")))));
        properties.sort(Comparator.comparing(Property::name));
        return new Metadata(groups, properties);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String defaultValue(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return String.join(",", items);
        }
        return value.asText();
    }

    /** config/application.yml as flat keys ({@code a.b.c}) and the text of their values. */
    static Map<String, String> shippedConfig() throws IOException {
        return yaml(SHIPPED_CONFIG);
    }

    static Map<String, String> yaml(Path file) throws IOException {
        Map<String, String> flat = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object document : new Yaml().loadAll(reader)) {
                flatten("", document, flat);
            }
        }
        return flat;
    }

    private static void flatten(String prefix, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        } else {
            into.put(prefix, value == null ? "" : String.valueOf(value));
        }
    }

    /** The page: generated filebridge.* tables, then the hand-kept Spring Boot and Camel part. */
    static String page() throws IOException {
        Metadata metadata = metadata();
        Map<String, String> shipped = shippedConfig();
        StringBuilder page = new StringBuilder();
        page.append("<!-- Generated by SettingsReferenceTest: the filebridge.* tables from the settings classes' Javadoc"
                + " and defaults (configuration metadata), the rest from src/test/resources/io/filebridge/"
                + SPRING_AND_CAMEL + ". Edit those, not this page, then regenerate:\n     " + REGENERATE + " -->\n");
        page.append("""
                # Settings

                The settings filebridge documents, each with its default and meaning. Settings live in
                `config/application.yml` (the sandbox's in `config/application-sandbox.yml`); secrets come from environment
                variables. Any setting can also be given as an environment variable (`FILEBRIDGE_VENDORS_SENDCLOUD_MAX_ATTEMPTS=3`)
                or as a command-line argument (`--filebridge.vendors.sendcloud.max-attempts=3`). The pages on each topic say how
                the settings work together; this page is the reference.

                The `filebridge.*` tables are generated from the settings classes (`@ConfigurationProperties`, one per
                feature): a setting's description is its field's Javadoc, so it is written once, in the code. A test fails
                when this page is out of date or a setting has no description. To change a description, change the Javadoc
                and regenerate this page:

                    %s

                **default** is the value with the shipped `config/application.yml`: "env `X`" means it is read from the
                environment variable `X` there, "built in" the value the class falls back to when no config file sets the
                setting.

                """.formatted(REGENERATE));
        appendFilebridgeTables(page, metadata, shipped);
        page.append(springAndCamel());
        return page.toString();
    }

    private static void appendFilebridgeTables(StringBuilder page, Metadata metadata, Map<String, String> shipped) {
        List<Property> documented = metadata.properties().stream()
                .filter(p -> p.name().startsWith(PREFIX) && !p.name().startsWith(SANDBOX)).toList();

        // vendors: the settings every vendor has (same description under each) in one table, then each vendor's own
        Map<String, Map<String, Property>> byVendor = new TreeMap<>();
        for (Property p : documented) {
            if (p.name().startsWith(VENDORS)) {
                String rest = p.name().substring(VENDORS.length());
                String vendor = rest.substring(0, rest.indexOf('.'));
                byVendor.computeIfAbsent(vendor, v -> new TreeMap<>()).put(rest.substring(vendor.length() + 1), p);
            }
        }
        Set<String> common = new TreeSet<>();
        if (!byVendor.isEmpty()) {
            Map<String, Property> first = byVendor.values().iterator().next();
            for (String suffix : first.keySet()) {
                String description = first.get(suffix).description();
                if (byVendor.values().stream().allMatch(v -> v.containsKey(suffix)
                        && Objects.equals(v.get(suffix).description(), description))) {
                    common.add(suffix);
                }
            }
        }

        // the other sections: by the longest group name a setting falls under; the examples' after the vendors
        Map<String, List<Property>> sections = new TreeMap<>();
        Map<String, List<Property>> examples = new TreeMap<>();
        for (Property p : documented) {
            if (!p.name().startsWith(VENDORS)) {
                String section = section(p.name(), metadata.groups());
                (section.startsWith(EXAMPLES) ? examples : sections)
                        .computeIfAbsent(section, s -> new ArrayList<>()).add(p);
            }
        }

        page.append("## filebridge\n\n");
        appendSections(page, sections, metadata, shipped);

        if (!common.isEmpty()) {
            page.append("### `filebridge.vendors.<vendor>.*`: every vendor\n\n");
            page.append("Every vendor (").append(byVendor.keySet().stream().map(v -> "`" + v + "`")
                    .collect(Collectors.joining(", "))).append(") has these settings, bound by `")
                    .append(simpleName("io.filebridge.connector.VendorSettings")).append("`.\n\n");
            appendTableHead(page);
            for (String suffix : common) {
                Map<String, List<String>> vendorsByDefault = new LinkedHashMap<>();
                byVendor.forEach((vendor, properties) -> vendorsByDefault
                        .computeIfAbsent(defaultCell(properties.get(suffix), shipped), d -> new ArrayList<>())
                        .add(vendor));
                String cell = vendorsByDefault.size() == 1 ? vendorsByDefault.keySet().iterator().next()
                        : vendorsByDefault.entrySet().stream().map(e -> String.join(", ", e.getValue()) + ": "
                                + e.getKey()).collect(Collectors.joining("; "));
                appendRow(page, "`filebridge.vendors.<vendor>." + suffix + "`", cell,
                        byVendor.values().iterator().next().get(suffix).description());
            }
            page.append('\n');
        }
        byVendor.forEach((vendor, properties) -> {
            String name = VENDORS + vendor;
            List<Property> own = properties.entrySet().stream().filter(e -> !common.contains(e.getKey()))
                    .map(Map.Entry::getValue).toList();
            page.append("### `").append(name).append(".*`\n\n");
            appendSectionIntro(page, metadata.groups().stream().filter(g -> g.name().equals(name)).toList(), own);
            page.append("Besides the settings [every vendor](#filebridgevendorsvendor-every-vendor) has:\n\n");
            appendTableHead(page);
            for (Property p : own) {
                appendRow(page, "`" + p.name() + "`", defaultCell(p, shipped), p.description());
            }
            page.append('\n');
        });

        appendSections(page, examples, metadata, shipped);
        page.append("### `filebridge.sandbox.*`\n\n")
                .append("The sandbox profile's emulators have settings of their own (`SandboxProperties`); see")
                .append(" [Sandbox](sandbox.md).\n\n");
    }

    private static void appendSections(StringBuilder page, Map<String, List<Property>> sections, Metadata metadata,
            Map<String, String> shipped) {
        for (Map.Entry<String, List<Property>> section : sections.entrySet()) {
            String name = section.getKey();
            List<Group> groups = metadata.groups().stream().filter(g -> g.name().equals(name)).toList();
            page.append("### `").append(name).append(".*`\n\n");
            appendSectionIntro(page, groups, section.getValue());
            appendTableHead(page);
            for (Property p : section.getValue()) {
                appendRow(page, "`" + p.name() + "`", defaultCell(p, shipped), p.description());
            }
            page.append('\n');
        }
    }

    /** The longest group name that is {@code name}'s prefix. */
    private static String section(String name, List<Group> groups) {
        return groups.stream().map(Group::name).filter(g -> name.startsWith(g + "."))
                .max(Comparator.comparingInt(String::length)).orElseThrow(() ->
                        new IllegalStateException(name + " belongs to no group of the metadata"));
    }

    private static void appendSectionIntro(StringBuilder page, List<Group> groups, List<Property> properties) {
        for (Group group : groups) {
            if (group.description() != null && !group.description().isBlank()) {
                page.append(markdown(group.description())).append("\n\n");
            }
        }
        Set<String> classes = new LinkedHashSet<>();
        properties.stream().map(Property::sourceType).filter(Objects::nonNull).sorted()
                .forEach(type -> classes.add("`" + simpleName(type) + "`"));
        if (!classes.isEmpty()) {
            page.append("Bound by ").append(String.join(", ", classes)).append(".\n\n");
        }
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
    }

    private static void appendTableHead(StringBuilder page) {
        page.append("| setting | default | description |\n|---|---|---|\n");
    }

    private static void appendRow(StringBuilder page, String setting, String defaultCell, String description) {
        page.append("| ").append(setting).append(" | ").append(defaultCell).append(" | ")
                .append(markdown(description)).append(" |\n");
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)(?::(.*))?}");
    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

    /**
     * The value with the shipped config: what config/application.yml sets (a {@code ${VARIABLE:default}} shown as
     * the default and the variable), else the built-in default; "built in" added when the two differ.
     */
    static String defaultCell(Property p, Map<String, String> shipped) {
        String builtIn = p.defaultValue();
        String configured = shipped.get(p.name());
        if (configured == null) {
            return builtIn == null ? "none" : code(builtIn);
        }
        String cell;
        String effective;
        Matcher placeholder = PLACEHOLDER.matcher(configured);
        if (placeholder.matches()) {
            String source = placeholder.group(1);
            effective = placeholder.group(2) == null ? "" : placeholder.group(2);
            String value = effective.isEmpty() ? "empty" : code(effective);
            cell = ENVIRONMENT_VARIABLE.matcher(source).matches() ? value + " (env `" + source + "`)"
                    : value + ", or `" + source + "` when set";
        } else {
            effective = configured;
            cell = configured.isEmpty() ? "empty" : code(configured);
        }
        if (builtIn != null && !builtIn.equals(effective)) {
            cell += " (built in: " + code(builtIn) + ")";
        }
        return cell;
    }

    private static String code(String value) {
        return value.contains("`") ? "`` " + value + " ``" : "`" + value + "`";
    }

    private static final Pattern INLINE_TAG = Pattern.compile("\\{@(code|literal|link|linkplain|value)\\s+");
    private static final Pattern DOCS_PAGE = Pattern.compile("(?<![\\w/\\[])docs/([\\w./-]+\\.md)(#[\\w-]+)?");

    /**
     * A Javadoc description as one Markdown table cell: {@code {@code x}} and {@code {@link x}} become code,
     * {@code docs/<page>.md} a link relative to docs/, whitespace one space, and pipes are escaped.
     */
    static String markdown(String javadoc) {
        if (javadoc == null) {
            return "";
        }
        String text = javadoc.replaceAll("\\s+", " ").strip();
        StringBuilder out = new StringBuilder();
        Matcher tag = INLINE_TAG.matcher(text);
        int from = 0;
        while (tag.find(from)) {
            out.append(links(text.substring(from, tag.start())));
            int depth = 1;
            int i = tag.end();
            while (i < text.length() && depth > 0) {
                char c = text.charAt(i);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                i++;
            }
            String content = text.substring(tag.end(), depth == 0 ? i - 1 : i).strip();
            if (tag.group(1).startsWith("link")) {
                // {@link Type#member label}: the label if any, else the member or type
                int space = content.indexOf(' ');
                content = space > 0 ? content.substring(space + 1) : content.substring(content.indexOf('#') + 1);
            }
            out.append(code(content));
            from = i;
        }
        out.append(links(text.substring(from)));
        return out.toString().replace("|", "\\|");
    }

    private static String links(String text) {
        return DOCS_PAGE.matcher(text).replaceAll(m -> Matcher.quoteReplacement("[" + m.group(1)
                + (m.group(2) == null ? "" : m.group(2)) + "](" + m.group(1) + (m.group(2) == null ? ""
                : m.group(2)) + ")"));
    }

    /** The hand-kept part, without its leading comment. */
    static String springAndCamel() throws IOException {
        try (InputStream in = SettingsReference.class.getResourceAsStream(SPRING_AND_CAMEL)) {
            if (in == null) {
                throw new IllegalStateException(SPRING_AND_CAMEL + " is missing beside " + SettingsReference.class);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.startsWith("<!--")) {
                text = text.substring(text.indexOf("-->") + 3).stripLeading();
            }
            return text.endsWith("\n") ? text : text + "\n";
        }
    }

    /** The setting names in the first column of the hand-kept part ({@code a.b.c} / {@code d} meaning a.b.d). */
    static List<String> springAndCamelKeys() throws IOException {
        List<String> keys = new ArrayList<>();
        for (String line : springAndCamel().split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String first = line.substring(2, line.indexOf(" |", 2));
            Matcher names = Pattern.compile("`([^`]+)`").matcher(first);
            String full = null;
            while (names.find()) {
                String name = names.group(1);
                if (full == null) {
                    full = name;
                    keys.add(name);
                } else {
                    keys.add(full.substring(0, full.lastIndexOf('.') + 1) + name);
                }
            }
        }
        return keys;
    }

    /** Writes the page (for {@code -Dsettings.write=true}). */
    static void write(String page) throws IOException {
        Files.writeString(PAGE, page, StandardCharsets.UTF_8);
    }
}
