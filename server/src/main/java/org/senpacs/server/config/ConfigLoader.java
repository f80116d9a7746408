package org.senpacs.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the configuration in three layers: the built-in defaults, then the file, then environment
 * variables. Every key of the defaults can be set by an environment variable named after its path
 * ({@code dicom.port} by {@code SEN_DICOM_PORT}); a few short aliases exist ({@code SEN_AET}).
 * A key the file has but the defaults do not is an error, not ignored.
 */
public final class ConfigLoader {

    /** Keys whose value is a map of names chosen by the user (not checked against the defaults). */
    private static final java.util.Set<String> FREE_MAPS = java.util.Set.of("remote-aes", "his-destinations", "ris.catalogue");

    /** Short names kept for convenience, beside the full ones. */
    private static final Map<String, String> ALIASES = Map.of("SEN_AET", "dicom.aet");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.KEBAB_CASE);

    /** Where the configuration file is: SEN_CONFIG, else ./sen.yaml when it exists, else none. */
    public static Path configFile(Map<String, String> env) {
        String named = env.get("SEN_CONFIG");
        if (named != null && !named.isBlank()) return Path.of(named);
        Path local = Path.of("sen.yaml");
        return Files.exists(local) ? local : null;
    }

    public SenConfig load(Path file, Map<String, String> env) {
        ObjectNode tree = defaults();
        if (file != null) {
            if (!Files.isRegularFile(file)) throw new ConfigException("configuration file not found: " + file);
            try {
                JsonNode overrides = yaml.readTree(file.toFile());
                if (overrides != null && !overrides.isMissingNode() && !overrides.isNull()) {
                    if (!overrides.isObject()) throw new ConfigException(file + ": expected keys at the top level");
                    merge(tree, (ObjectNode) overrides, "", file.toString());
                }
            } catch (JsonProcessingException e) {
                throw new ConfigException(file + ": not valid YAML: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        applyEnvironment(tree, env);
        SenConfig config;
        try {
            config = yaml.treeToValue(tree, SenConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("unknown configuration key: " + e.getPropertyName());
        } catch (JsonProcessingException e) {
            throw new ConfigException("configuration: " + e.getOriginalMessage(), e);
        }
        validate(config);
        return config;
    }

    private ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/sen-defaults.yaml")) {
            return (ObjectNode) yaml.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies {@code from} over {@code into}, refusing keys that {@code into} (the defaults) lacks. */
    private static void merge(ObjectNode into, ObjectNode from, String prefix, String source) {
        Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix + f.getKey();
            JsonNode current = into.get(f.getKey());
            if (current == null) throw new ConfigException(source + ": unknown configuration key: " + key);
            if (FREE_MAPS.contains(key)) {
                into.set(f.getKey(), f.getValue());
            } else if (current.isObject()) {
                if (!f.getValue().isObject()) throw new ConfigException(source + ": " + key + " must hold keys");
                merge((ObjectNode) current, (ObjectNode) f.getValue(), key + ".", source);
            } else {
                into.set(f.getKey(), f.getValue());
            }
        }
    }

    private static void applyEnvironment(ObjectNode tree, Map<String, String> env) {
        for (String path : leafPaths(tree, "")) {
            if (FREE_MAPS.stream().anyMatch(m -> path.startsWith(m + "."))) continue;
            String value = env.get(envName(path));
            if (value != null) set(tree, path, value);
        }
        ALIASES.forEach((name, path) -> {
            String value = env.get(name);
            if (value != null && env.get(envName(path)) == null) set(tree, path, value);
        });
    }

    /** The environment variable for a key path: dicom.port becomes SEN_DICOM_PORT. */
    public static String envName(String path) {
        return "SEN_" + path.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static List<String> leafPaths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        node.fields().forEachRemaining(f -> {
            if (f.getValue().isObject()) paths.addAll(leafPaths(f.getValue(), prefix + f.getKey() + "."));
            else paths.add(prefix + f.getKey());
        });
        return paths;
    }

    private static void set(ObjectNode tree, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) node = (ObjectNode) node.get(parts[i]);
        node.set(parts[parts.length - 1], TextNode.valueOf(value));
    }

    private static void validate(SenConfig c) {
        String aet = c.dicom().aet();
        if (aet == null || aet.isBlank() || aet.length() > 16 || !aet.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F && ch != '\\')) {
            throw new ConfigException("dicom.aet must be 1 to 16 printable ASCII characters without backslash, not '" + aet + "'");
        }
        port("dicom.port", c.dicom().port());
        port("http.port", c.http().port());
        port("hl7.port", c.hl7().port());
        if (c.data() == null) throw new ConfigException("data must name a folder");
        oneOf("archive.duplicates", c.archive().duplicates(), "keep", "replace", "reject");
        oneOf("archive.patient-updates", c.archive().patientUpdates(), "keep", "update");
        if (c.archive().maxQueryResults() < 1) throw new ConfigException("archive.max-query-results must be at least 1");
        if (c.database().poolSize() < 1) throw new ConfigException("database.pool-size must be at least 1");
    }

    private static void oneOf(String key, String value, String... allowed) {
        if (!java.util.List.of(allowed).contains(value)) {
            throw new ConfigException(key + " must be one of " + String.join(", ", allowed) + ", not '" + value + "'");
        }
    }

    private static void port(String key, int port) {
        if (port < 0 || port > 65535) throw new ConfigException(key + " must be a port number (0-65535), not " + port);
    }
}
