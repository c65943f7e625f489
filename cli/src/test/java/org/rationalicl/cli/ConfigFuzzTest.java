// Seeded fuzzing of the settings files (--config of train and sweep, JSON and YAML): mutated and crafted files
// (deep nesting, huge numbers, wrong types, unknown keys, alias bombs) may only be accepted or refused with
// UsageError — the documented exit code 2 — fast; never an Error, another exception or a hang.
package org.rationalicl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rationalicl.train.TrainingConfig;

/**
 * {@code -Dfuzz.cases} cases per test (default {@value #DEFAULT_CASES}; the nightly profile uses 100 000) from
 * seed {@code -Dfuzz.seed}; case i uses seed + i and a failure prints the seed, the mutations and the input, so
 * it replays alone with {@code -Dfuzz.seed=<seed> -Dfuzz.cases=1}. Every 10th case also runs the whole command
 * ({@code icl sweep --dry-run}) and checks exit code 0 or 2 with one line on stderr.
 */
class ConfigFuzzTest {
    static final int DEFAULT_CASES = 750;
    static final int CASES = Integer.getInteger("fuzz.cases", DEFAULT_CASES);
    static final long SEED = Long.getLong("fuzz.seed", 20251126L);
    static final long MAX_CASE_MILLIS = 10_000;

    @TempDir
    Path tmp;

    static final String TRAIN_JSON = """
            {"task": "categorical", "tasks": 16, "dims": 8, "context": 32, "hidden": 16, "layers": 1, "heads": 2,
             "mlp_factor": 4, "batch": 8, "steps": 100, "lr": 0.001, "warmup": 10, "schedule": "cosine", "clip": 1.0,
             "seed": 3, "threads": 1, "checkpoints": 5, "first_checkpoint": 2, "last_checkpoint": 100,
             "eval_sequences": 10, "zipf_exponent": 0.5, "log_every": 10}
            """;
    static final String TRAIN_YAML = """
            task: regression
            tasks: 64
            dims: 4
            context: 16
            hidden: 32
            layers: 2
            heads: 4
            mlp_factor: 2
            batch: 16
            steps: 1000
            lr: 5.0e-4
            schedule: linear
            checkpoints: 10
            eval_sequences: 20
            """;
    static final String SWEEP_YAML = """
            task: categorical
            tasks: [2, 4, 8]
            dims: [4, 8]
            context: [8]
            mlp_factor: [2, 4]
            seeds: [0, 1]
            hidden: 8
            batch: 4
            steps: [10, 20]
            lr: 0.001
            checkpoints: 3
            eval_sequences: 4
            prefix: grid
            """;
    static final String SWEEP_JSON = """
            {"task": "classification", "tasks": [4, 16], "dims": [3], "context": [6], "mlp_factor": [1],
             "seeds": [0], "hidden": 16, "heads": [1, 2], "batch": 4, "steps": 12, "checkpoints": 2,
             "eval_sequences": 4}
            """;

    private static final String[] FRAGMENTS = {"{", "}", "[", "]", ":", ",", "\"", "'", " ", "\n", "- ", "&a ", "*a",
            "!!str ", "!!int ", "!!float ", "!!binary ", "!!java.io.File ", "? ", "|", ">", "#", "---", "...", "%YAML 1.2",
            "1e999999", "-1e-999999", "99999999999999999999999999", "0x7fffffff", "0o777", ".inf", "-.inf", ".nan", "NaN",
            "Infinity", "null", "~", "true", "yes", "no", "on", "-0", "1_000", "2147483648", "-2147483649",
            "9223372036854775808", "4.9e-324", "\u0000", "\uFEFF", "\uD800", "é", "../../etc", "/abs/path", "tasks",
            "task", "unknown_key", "steps", "lr", "context", "seeds", "prefix", "threads"};
    private static final String[] KEYS = {"task", "tasks", "dims", "context", "hidden", "layers", "heads", "mlp_factor",
            "batch", "steps", "lr", "warmup", "schedule", "clip", "seed", "seeds", "threads", "checkpoints",
            "first_checkpoint", "last_checkpoint", "eval_sequences", "zipf_exponent", "log_every", "prefix",
            "intermediate", "rotary_pct", "optimizer", "bogus", "__proto__", "", "Task"};
    private static final String[] VALUES = {"0", "-1", "1", "2", "3", "7", "64", "4096", "4097", "65536", "1048576",
            "1048577", "2147483647", "2147483648", "9223372036854775807", "9223372036854775808", "1e10", "1e308",
            "1e309", "-1e309", "1.5", "0.5", "1e-300", "4.0", "\"categorical\"", "\"regression\"", "\"classification\"",
            "\"mystery\"", "\"cosine\"", "\"../x\"", "\"/tmp/x\"", "\"a/b\"", "\"..\"", "true", "null", "[]", "{}",
            "[1, 2]", "[1, 1]", "[\"categorical\", \"regression\"]", "[[1]]", "{\"a\": 1}", "\"\"",
            "123456789012345678901234567890123456789"};

    /** One mutation of a seed text (or a crafted document); appends what it did to the log. */
    static String mutate(String seed, boolean yaml, SplittableRandom rnd, StringBuilder log) {
        // an empty document (from a first mutation) can only grow: splice fragments into it
        int kind = seed.isEmpty() ? 0 : rnd.nextInt(9);
        return switch (kind) {
            case 0 -> { // splice fragments at random places
                StringBuilder sb = new StringBuilder(seed);
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    String f = FRAGMENTS[rnd.nextInt(FRAGMENTS.length)];
                    int at = rnd.nextInt(sb.length() + 1);
                    sb.insert(at, f);
                    log.append("insert ").append(quote(f)).append(" at ").append(at).append("; ");
                }
                yield sb.toString();
            }
            case 1 -> { // delete or truncate
                int from = rnd.nextInt(seed.length()), len = rnd.nextInt(Math.min(40, seed.length() - from) + 1);
                log.append("delete ").append(from).append("+").append(len).append("; ");
                yield rnd.nextInt(4) == 0 ? seed.substring(0, from) : seed.substring(0, from) + seed.substring(from + len);
            }
            case 2 -> { // flip characters
                char[] c = seed.toCharArray();
                int n = 1 + rnd.nextInt(6);
                for (int i = 0; i < n; i++) {
                    int at = rnd.nextInt(c.length);
                    c[at] = (char) (c[at] ^ (1 << rnd.nextInt(7)));
                }
                log.append("flip ").append(n).append(" chars; ");
                yield new String(c);
            }
            case 3 -> { // deep nesting
                int depth = List.of(10, 60, 600, 5000, 100_000).get(rnd.nextInt(5));
                String open = yaml && rnd.nextBoolean() ? "- " : "[";
                String doc = "{\"task\": " + open.repeat(depth) + "1" + (open.equals("[") ? "]".repeat(depth) : "") + "}";
                if (yaml && open.equals("- ")) {
                    StringBuilder sb = new StringBuilder("task:\n");
                    for (int i = 0; i < Math.min(depth, 1_500); i++) sb.append(" ".repeat(i + 1)).append("-\n");
                    doc = sb.toString();
                }
                log.append("nesting ").append(depth).append("; ");
                yield doc;
            }
            case 4 -> { // huge number as a value
                String digits = "9".repeat(List.of(20, 400, 1500, 20_000).get(rnd.nextInt(4)));
                String v = rnd.nextBoolean() ? digits : "1e" + digits;
                String key = KEYS[rnd.nextInt(KEYS.length)];
                log.append(key).append(" = huge number of ").append(v.length()).append(" chars; ");
                yield replaceValue(seed, yaml, key, v);
            }
            case 5, 6 -> { // wrong type / out-of-range value / unknown key
                int n = 1 + rnd.nextInt(3);
                String doc = seed;
                for (int i = 0; i < n; i++) {
                    String key = KEYS[rnd.nextInt(KEYS.length)], v = VALUES[rnd.nextInt(VALUES.length)];
                    log.append(key).append(" = ").append(v).append("; ");
                    doc = replaceValue(doc, yaml, key, v);
                }
                yield doc;
            }
            case 7 -> { // YAML alias bomb ("billion laughs") or tags
                if (rnd.nextBoolean()) {
                    StringBuilder sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
                    for (int i = 1; i < 12; i++) {
                        sb.append("a").append(i).append(": &a").append(i).append(" [");
                        for (int j = 0; j < 10; j++) sb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
                        sb.append("]\n");
                    }
                    sb.append("task: *a11\n");
                    log.append("alias bomb; ");
                    yield sb.toString();
                }
                log.append("tag; ");
                yield "task: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n";
            }
            default -> { // a long key or string value, or the wrong top level
                int pick = rnd.nextInt(3);
                log.append("shape ").append(pick).append("; ");
                yield switch (pick) {
                    case 0 -> replaceValue(seed, yaml, "x".repeat(1 + rnd.nextInt(100_000)), "1");
                    case 1 -> replaceValue(seed, yaml, "schedule", "\"" + "c".repeat(1 + rnd.nextInt(300_000)) + "\"");
                    default -> List.of("[]", "1", "\"task\"", "", "null", "- a\n- b\n", "---\n---\n", "{}{}").get(rnd.nextInt(8));
                };
            }
        };
    }

    private static String quote(String s) {
        return "'" + s.replace("\n", "\\n") + "'";
    }

    /** Sets {@code key} to the literal {@code value}: in place when the key is there, else as a new last entry. */
    static String replaceValue(String doc, boolean yaml, String key, String value) {
        String quoted = java.util.regex.Pattern.quote(key);
        String replacement = java.util.regex.Matcher.quoteReplacement(value);
        if (yaml) {
            var m = java.util.regex.Pattern.compile("(?m)^" + quoted + ": .*$").matcher(doc);
            if (!key.isEmpty() && m.find()) return doc.substring(0, m.start()) + key + ": " + value + doc.substring(m.end());
            return doc + (doc.endsWith("\n") ? "" : "\n") + key + ": " + value + "\n";
        }
        var m = java.util.regex.Pattern.compile("\"" + quoted + "\":\\s*(\\[[^\\]]*\\]|[^,}]*)").matcher(doc);
        if (m.find()) return doc.substring(0, m.start(1)) + value + doc.substring(m.end(1));
        int close = doc.lastIndexOf('}');
        if (close < 0) return doc + "\"" + key + "\": " + value;
        return doc.substring(0, close) + ", \"" + key + "\": " + value + doc.substring(close);
    }

    /** What the train command does with --config before training: read, check keys, validate, check memory. */
    static void trainPath(Path file) throws IOException {
        Map<String, Object> map = ConfigFiles.read(file);
        Settings.requireKnown(map, "config file " + file, Set.of(), true);
        if (!map.containsKey("task")) throw new UsageError("--task is required");
        TrainingConfig c = TrainCommand.buildConfig(map, false);
        MemoryEstimate.check(c, 1, Runtime.getRuntime().maxMemory(), "this run");
    }

    /** What the sweep command does with --config before training. */
    static void sweepPath(Path file) throws IOException {
        SweepGrid grid = SweepGrid.read(file);
        for (SweepGrid.Run r : grid.runs) {
            MemoryEstimate.check(r.config(), 1, Runtime.getRuntime().maxMemory(), "run " + r.name());
            assertTrue(!r.name().contains("/") && !r.name().contains("\\") && !r.name().equals("..")
                    && !r.name().equals("."), "run name escapes: " + r.name());
        }
    }

    @FunctionalInterface
    interface ConfigReader {
        void read(Path file) throws IOException;
    }

    private void run(String what, List<String> seeds, String ext, ConfigReader reader, boolean commandLine) throws IOException {
        boolean yaml = !ext.equals(".json");
        Map<String, Integer> outcomes = new TreeMap<>();
        long start = System.nanoTime(), slowest = 0;
        int accepted = 0, rejected = 0, endToEnd = 0;
        Path file = tmp.resolve("fuzz" + ext);
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            SplittableRandom rnd = new SplittableRandom(seed);
            StringBuilder log = new StringBuilder();
            String base = seeds.get(rnd.nextInt(seeds.size()));
            String text = mutate(base, yaml, rnd, log);
            if (rnd.nextInt(4) == 0) text = mutate(text, yaml, rnd, log);
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            long t0 = System.nanoTime();
            try {
                reader.read(file);
                accepted++;
            } catch (UsageError expected) {
                rejected++;
                String m = expected.getMessage();
                assertTrue(m != null && !m.isBlank(), "empty message");
                String kind = m.replace(file.toString(), "FILE").replaceAll("[0-9]+", "N");
                kind = kind.length() > 60 ? kind.substring(0, 60) : kind;
                outcomes.merge(kind, 1, Integer::sum);
            } catch (Throwable other) {
                String shown = text.length() > 400 ? text.substring(0, 400) + "…" : text;
                fail(what + " fuzz case seed " + seed + " [" + log + "] threw " + other + " (only UsageError is allowed);"
                        + " replay with -Dfuzz.seed=" + seed + " -Dfuzz.cases=1; input:\n" + shown, other);
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            slowest = Math.max(slowest, millis);
            if (millis > MAX_CASE_MILLIS) fail(what + " fuzz case seed " + seed + " [" + log + "] took " + millis + " ms");
            if (commandLine && i % 10 == 0) {
                endToEnd++;
                CliRunner.Result r = CliRunner.run("sweep", "--config", file.toString(), "--out",
                        tmp.resolve("out").toString(), "--dry-run", "--progress", "none");
                if (r.code() != 0) {
                    assertEquals(2, r.code(), "seed " + seed + " [" + log + "]: " + r);
                    assertEquals(1, r.err().strip().split("\n").length, "one line on stderr, seed " + seed + ": " + r);
                }
            }
        }
        System.out.printf("config fuzz %s: %d cases from seed %d in %.1f s: %d accepted, %d refused (%d distinct"
                        + " messages), %d also through the command; slowest case %d ms%n", what, CASES, SEED,
                (System.nanoTime() - start) / 1e9, accepted, rejected, outcomes.size(), endToEnd, slowest);
    }

    @Test
    void trainConfigJsonOnlyEverRefusesWithUsageError() throws IOException {
        run("train json", List.of(TRAIN_JSON, SWEEP_JSON), ".json", ConfigFuzzTest::trainPath, false);
    }

    @Test
    void trainConfigYamlOnlyEverRefusesWithUsageError() throws IOException {
        run("train yaml", List.of(TRAIN_YAML, SWEEP_YAML), ".yaml", ConfigFuzzTest::trainPath, false);
    }

    @Test
    void sweepGridJsonOnlyEverRefusesWithUsageError() throws IOException {
        run("sweep json", List.of(SWEEP_JSON, TRAIN_JSON), ".json", ConfigFuzzTest::sweepPath, true);
    }

    @Test
    void sweepGridYamlOnlyEverRefusesWithUsageError() throws IOException {
        run("sweep yaml", List.of(SWEEP_YAML, TRAIN_YAML), ".yml", ConfigFuzzTest::sweepPath, true);
    }

    @Test
    void theSeedsAreValid() throws IOException {
        // mutations start from valid documents, so that many cases get past the syntax into the validation
        for (String[] s : new String[][] {{TRAIN_JSON, ".json"}, {TRAIN_YAML, ".yaml"}}) {
            Path f = tmp.resolve("seed" + s[1]);
            Files.writeString(f, s[0]);
            trainPath(f);
        }
        for (String[] s : new String[][] {{SWEEP_JSON, ".json"}, {SWEEP_YAML, ".yaml"}}) {
            Path f = tmp.resolve("grid" + s[1]);
            Files.writeString(f, s[0]);
            sweepPath(f);
        }
    }

    @Test
    void harnessRejectsForeignExceptions() {
        // the harness itself must be able to fail: a reader throwing anything but UsageError fails the run
        org.junit.jupiter.api.Assertions.assertThrows(org.opentest4j.AssertionFailedError.class, () ->
                run("self-check", List.of(TRAIN_JSON), ".json", f -> {
                    throw new IllegalStateException("simulated bug");
                }, false));
    }
}
