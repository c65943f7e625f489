// Reads the settings files the commands take (--config): JSON through core's strict reader, YAML through Jackson.
// Limits: one document per file, top level must be a mapping; values are plain maps, lists, strings and numbers.
package org.rationalicl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.rationalicl.core.io.Json;

final class ConfigFiles {
    /** Settings files are small; a larger file is a mistake (a checkpoint passed as --config, say). */
    static final long MAX_BYTES = 1 << 20;

    private ConfigFiles() {
    }

    /** The top-level mapping of a .json, .yaml or .yml file, keys in file order. Problems are usage errors. */
    static Map<String, Object> read(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        if (!Files.isRegularFile(file)) throw new UsageError("config file " + file + " is not a regular file");
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new UsageError("config file " + file + " has " + size + " bytes; a settings file has at most " + MAX_BYTES);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            try {
                return Json.parseObject(text, file.toString());
            } catch (IOException e) {
                throw new UsageError("config file " + e.getMessage());
            }
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) return readYaml(text, file);
        throw new UsageError("config file " + file + ": expected a .json, .yaml or .yml file");
    }

    private static Map<String, Object> readYaml(String text, Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        // duplicate keys in a settings file hide mistakes: refuse them, as the JSON reader does
        yaml.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        Object value;
        try {
            value = yaml.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            // snakeyaml's message repeats the source with a caret over several lines: keep the sentences only
            StringBuilder msg = new StringBuilder();
            for (String line : String.valueOf(e.getOriginalMessage()).split("\n")) {
                if (line.isBlank() || Character.isWhitespace(line.charAt(0))) continue;
                if (!msg.isEmpty()) msg.append(": ");
                msg.append(line.strip());
            }
            var loc = e.getLocation();
            throw new UsageError("config file " + file + (loc != null ? " line " + loc.getLineNr() : "") + ": " + msg);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new UsageError("config file " + file + ": the top level must be a mapping of setting: value");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
        return out;
    }
}
