// `icl bench`: times whole training steps (forward, backward, reduction, clipping, AdamW) through the train engine
// at several thread counts and reports ms/step, tokens/s, GFLOP/s and % of the FMA peak, optionally next to the
// PyTorch peer (the shared categorical peer, or scripts/run-torch-task-peer.sh for the regression and classification
// models), each thread count's peer run right after ours, in one or more rounds whose ratios give the speed-up. Data
// are drawn once before the clock starts, as the peer does. Limits: wall-clock timing, noisy on a shared machine;
// JMH (module jmh) is the reference measurement.
package org.rationalicl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rationalicl.simd.Kernels;
import org.rationalicl.train.BatchSource;
import org.rationalicl.train.FoldedDense;
import org.rationalicl.train.Head;
import org.rationalicl.train.Model;
import org.rationalicl.train.ModelConfig;
import org.rationalicl.train.ReadAhead;
import org.rationalicl.train.ReadInProjection;
import org.rationalicl.train.Trainer;
import org.rationalicl.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        header = "Time training steps: ms/step, tokens/s, GFLOP/s and %% of the FMA peak, optionally next to PyTorch.", versionProvider = Icl.Version.class, sortOptions = false,
        showDefaultValues = true,
        description = "Time training steps of one model (default: the categorical default, V 8, C 128, H 64, 1 layer, 1 "
                + "head, mlp 4, batch 64) at each thread count after a warm-up, and print ms/step (median, min), "
                + "tokens/s, achieved GFLOP/s in the FLOPs executed and %% of the machine's FMA peak (the header also gives "
                + "the model's FLOP count, which a categorical model's per-token layer 0 undercuts). Wall-clock timings on a "
                + "shared machine are noisy: compare figures taken in the same session. A 'caution:' line marks a row "
                + "whose median is over " + BenchCommand.DISTURBED_PERCENT + "%% above its minimum, or whose threads ran "
                + "under " + BenchCommand.SCALING_PERCENT + "%% of linear scaling.",
        footer = {"", "Examples:", "  icl bench", "  icl bench --threads 1,2 --mlp-factor 8 --compare-torch",
            "  icl bench --task regression --threads 1,2 --compare-torch --rounds 3"})
final class BenchCommand implements Callable<Integer> {
    /** fp32 FMA peak of one core of the project's machine kind (AMD EPYC Zen 5, AVX-512, 4.3 GHz), measured with
     *  ../shared/peers/peak_fma.c (see ../shared/peers/README.md). */
    static final double DEFAULT_PEAK_GFLOPS = 273;

    @Spec
    CommandSpec spec;

    @Option(names = "--threads", paramLabel = "N[,N...]", hideParamSyntax = true, split = ",", description = "Thread counts to time (default: 1 and all cores).")
    List<Integer> threads;
    @Option(names = "--steps", paramLabel = "N", defaultValue = "60", description = "Timed steps per thread count.")
    int steps;
    @Option(names = "--timing-warmup", paramLabel = "N", defaultValue = "30",
            description = "Untimed steps first (lets the JIT compile the vector kernels).")
    int timingWarmup;
    @Option(names = "--task", paramLabel = "TASK", defaultValue = "categorical", description = "categorical, regression or classification.")
    String task;
    @Option(names = "--dims", paramLabel = "N", defaultValue = "8", description = "V (categorical) or d.")
    int dims;
    @Option(names = "--context", paramLabel = "C", description = "Context length (default 128; regression 16).")
    Integer context;
    @Option(names = "--hidden", paramLabel = "H", defaultValue = "64", description = "Hidden width.")
    int hidden;
    @Option(names = "--layers", paramLabel = "N", description = "Decoder layers (default 1; regression 8).")
    Integer layers;
    @Option(names = "--heads", paramLabel = "N", defaultValue = "1", description = "Attention heads.")
    int heads;
    @Option(names = "--mlp-factor", paramLabel = "F", defaultValue = "4", description = "MLP width = H·F.")
    double mlpFactor;
    @Option(names = "--batch", paramLabel = "B", description = "Sequences per step (default 64; regression 128).")
    Integer batch;
    @Option(names = "--peak-gflops", paramLabel = "G", defaultValue = "273",
            description = "fp32 FMA peak per core in GFLOP/s for the %% column (273: AMD EPYC Zen 5 at 4.3 GHz, AVX-512,"
                    + " measured with ../shared/peers/peak_fma.c).")
    double peakGflops;
    @Option(names = "--compare-torch", description = "Also run the PyTorch peer with the same settings and print the ratio.")
    boolean compareTorch;
    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "Times each thread count N times, ours then the peer's back to back; the speed-up is the median"
                    + " of the rounds' ratios, the times the median of their medians and the least minimum.")
    int rounds;
    @Option(names = "--torch-peer", paramLabel = "PATH",
            description = "The categorical peer script, whose directory the regression and classification peer also uses"
                    + " (default: shared/peers/run-torch-peer.sh in the directory above the repository, or up to two levels higher).")
    Path torchPeer;
    @Option(names = "--torch-task-peer", paramLabel = "PATH",
            description = "Peer for the regression and classification models, run with the categorical peer's directory"
                    + " and BLAS setup (default: scripts/run-torch-task-peer.sh of this repository).")
    Path torchTaskPeer;

    record Timing(int threads, double medianMs, double minMs) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Head head = Head.parse(task);
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> counts = threads != null ? threads : cores > 1 ? List.of(1, cores) : List.of(1);
        for (int t : counts) if (t < 1 || t > 4096) throw new UsageError("--threads = " + t + " must be in [1, 4096]");
        if (steps < 1 || steps > 1_000_000) throw new UsageError("--steps = " + steps + " must be in [1, 1000000]");
        if (timingWarmup < 0 || timingWarmup > 1_000_000) throw new UsageError("--timing-warmup = " + timingWarmup + " must be in [0, 1000000]");
        if (!(peakGflops > 0) || !Double.isFinite(peakGflops)) throw new UsageError("--peak-gflops = " + peakGflops + " must be > 0");
        if (rounds < 1 || rounds > 100) throw new UsageError("--rounds = " + rounds + " must be in [1, 100]");
        TrainingConfig defaults = TrainingConfig.builder(head).build();   // the task's defaults
        int c = context != null ? context : defaults.context();
        int l = layers != null ? layers : defaults.layers();
        int b = batch != null ? batch : defaults.batch();
        if (b < 1 || b > 1 << 16) throw new UsageError("--batch = " + b + " must be in [1, 65536]");
        ModelConfig config;
        try {
            config = new ModelConfig(head, dims, dims, c, hidden, l, heads, mlpFactor, 0.25, 10000);
        } catch (IllegalArgumentException e) {
            throw new UsageError(Settings.explain(e.getMessage(), true));
        }
        double flops = StepFlops.trainingStep(config, b);
        int microBatch = MemoryEstimate.microBatch(config);
        double executed = StepFlops.executed(config, b, StepFlops.passes(b, 1, microBatch));
        // the model count is what the reference stack executes; layer 0 runs per token or at the read-in's rank
        // here, and one-head layers fold their dense projection into their values
        String executedNote = executed == flops ? ""
                : String.format(Locale.ROOT, ", %.3f executed (%s)", executed / 1e9, executedWhy(config));
        out.printf(Locale.ROOT, "icl bench: %s, %s=%d C=%d H=%d layers=%d heads=%d mlp=%s batch=%d; %.3f GFLOP/step (useful)%s;"
                        + " %d timed steps after %d warm-up; peak %s GFLOP/s per core%n", head.id(),
                head == Head.CATEGORICAL ? "V" : "d", dims, c, hidden, l, heads, TrainCommand.number(mlpFactor), b, flops / 1e9,
                executedNote, steps, timingWarmup, TrainCommand.number(peakGflops));
        // what differs between machines without changing a bit of the result
        out.printf(Locale.ROOT, "icl bench: kernels %s; read-ahead sweeps %s (-D%s=on|off|auto)%n",
                Kernels.get().name(), ReadAhead.fromSystemProperty() ? "on" : "off", ReadAhead.PROPERTY);
        out.flush();

        List<String> torch = new ArrayList<>();
        Timing[] peer = new Timing[counts.size()];
        Path script = null, taskScript = null;   // set when the peer runs (taskScript: the read-in models' peer)
        if (compareTorch) {
            script = findPeer();
            taskScript = head == Head.CATEGORICAL ? null : findTaskPeer();
            boolean explicit = head == Head.CATEGORICAL ? torchPeer != null : torchTaskPeer != null;
            if (script == null) {
                torch.add("PyTorch comparison skipped: no peer script (looked for ../shared/peers/run-torch-peer.sh;"
                        + " give --torch-peer PATH)");
            } else if (head != Head.CATEGORICAL && taskScript == null) {
                torch.add("PyTorch comparison skipped: no scripts/run-torch-task-peer.sh in this repository"
                        + " (give --torch-task-peer PATH)");
            } else if (!explicit && !torchAvailable()) {
                // the default peer installs PyTorch with apt-get on first use: not something a benchmark should do
                torch.add("PyTorch comparison skipped: PyTorch is not installed (python3 cannot import torch);"
                        + " " + script + " installs it on its first run");
                script = null;
            }
        }
        // each thread count's peer run right after ours, so that the host's drift over the whole benchmark falls
        // on the two rows of one ratio alike as far as it can
        List<Timing> ours = new ArrayList<>();
        double[] speedUp = new double[counts.size()];
        for (int i = 0; i < counts.size(); i++) {
            int t = counts.get(i);
            Timing[] oursByRound = new Timing[rounds], peerByRound = new Timing[rounds];
            boolean peerRuns = script != null && (head == Head.CATEGORICAL || taskScript != null);
            for (int round = 0; round < rounds; round++) {
                String of = rounds == 1 ? "" : " (round " + (round + 1) + " of " + rounds + ")";
                err.println("icl bench: timing " + t + " thread" + (t == 1 ? "" : "s") + of + " ...");
                err.flush();
                Timing r = time(config, b, t);
                oursByRound[round] = r;
                err.printf(Locale.ROOT, "icl bench: %d thread%s: median %.2f ms, min %.2f ms%n", t, t == 1 ? "" : "s",
                        r.medianMs(), r.minMs());
                if (!peerRuns) continue;
                err.println("icl bench: PyTorch peer at " + t + " thread(s)" + of + " ...");
                err.flush();
                try {
                    peerByRound[round] = runPeer(peerCommand(script, taskScript, config, b, t, steps, timingWarmup), t);
                } catch (IOException e) {
                    torch.add("PyTorch peer at " + t + " threads failed: " + e.getMessage());
                    peerRuns = false;   // no ratio for this thread count; our rounds go on
                }
            }
            ours.add(combine(oursByRound));
            peer[i] = peerRuns ? combine(peerByRound) : null;
            speedUp[i] = peerRuns ? medianRatio(peerByRound, oursByRound) : Double.NaN;
        }
        boolean withPeer = Arrays.stream(peer).anyMatch(x -> x != null);
        out.print(String.format(Locale.ROOT, "%7s %11s %9s %12s %9s %7s", "threads", "median ms", "min ms", "tokens/s",
                "GFLOP/s", "% peak"));
        if (withPeer) out.print(String.format(Locale.ROOT, " %12s %10s %8s", "torch med ms", "torch min", "speed-up"));
        out.println();
        long tokens = (long) b * config.seqLen();
        for (int i = 0; i < ours.size(); i++) {
            Timing r = ours.get(i);
            double gflops = StepFlops.executed(config, b, StepFlops.passes(b, r.threads(), microBatch))
                    / (r.medianMs() / 1e3) / 1e9;
            out.print(String.format(Locale.ROOT, "%7d %11.2f %9.2f %12.0f %9.1f %6.1f%%", r.threads(), r.medianMs(), r.minMs(),
                    tokens / (r.medianMs() / 1e3), gflops, 100 * gflops / (peakGflops * r.threads())));
            if (withPeer) {
                Timing p = peer[i];
                out.print(p == null ? String.format(Locale.ROOT, " %12s %10s %8s", "-", "-", "-")
                        : String.format(Locale.ROOT, " %12.2f %10.2f %7.2fx", p.medianMs(), p.minMs(), speedUp[i]));
            }
            out.println();
        }
        for (String line : torch) out.println(line);
        if (rounds > 1) {
            out.printf(Locale.ROOT, "(%d rounds per thread count, ours then PyTorch's back to back: times are the median"
                    + " of the rounds' medians and the least minimum, the speed-up the median of the rounds' ratios)%n", rounds);
        }
        for (String line : cautions(ours, peer)) out.println(line);
        out.println("(tokens/s = batch·T / median step; GFLOP/s counts the FLOPs executed: linear layers 3× forward and"
                + " causal attention's unmasked half; timings on a shared machine are noisy)");
        out.flush();
        return 0;
    }

    /** Why a step executes other FLOPs than the model count: the train module's shortcuts that apply. */
    private static String executedWhy(ModelConfig c) {
        List<String> why = new ArrayList<>();
        if (c.head() == Head.CATEGORICAL) why.add("layer 0 per vocabulary entry");
        else if (ReadInProjection.applies(c)) why.add("layer 0 at the read-in's rank");
        boolean folds = false;
        for (int l = 0; l < c.layers(); l++) folds |= FoldedDense.applies(c, l);
        if (folds) why.add("dense projections folded into the values");
        if (why.isEmpty()) why.add("only the positions and rows a loss reads");
        return String.join("; ", why);
    }

    /** Rounds of one thread count as one row: the median of their medians and the least of their minima. */
    static Timing combine(Timing[] rounds) {
        double[] medians = new double[rounds.length];
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < rounds.length; i++) {
            medians[i] = rounds[i].medianMs();
            min = Math.min(min, rounds[i].minMs());
        }
        return new Timing(rounds[0].threads(), median(medians), min);
    }

    /** The median over rounds of the peer's median divided by ours: each ratio from two runs back to back. */
    static double medianRatio(Timing[] peer, Timing[] ours) {
        double[] ratios = new double[ours.length];
        for (int i = 0; i < ours.length; i++) ratios[i] = peer[i].medianMs() / ours[i].medianMs();
        return median(ratios);
    }

    /** The middle value, or the mean of the two middle ones. */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** A median more than this many percent above its run's minimum marks a run disturbed by other work. */
    static final int DISTURBED_PERCENT = 15;
    /** Below this percentage of linear scaling, a multi-thread row is taken to have shared its cores. */
    static final int SCALING_PERCENT = 60;

    /**
     * Warnings for rows a reader should not trust: a median far above its minimum (something else took the cores
     * during the run), and a multi-thread median hardly better than the 1-thread one (the cores were shared, or
     * PyTorch's spinning OpenMP threads collapsed). Either makes that row's speed-up say little.
     */
    static List<String> cautions(List<Timing> ours, Timing[] peer) {
        List<String> lines = new ArrayList<>();
        cautions(lines, "ours", ours.toArray(Timing[]::new));
        cautions(lines, "PyTorch", peer);
        return lines;
    }

    private static void cautions(List<String> lines, String who, Timing[] rows) {
        Timing single = Arrays.stream(rows).filter(r -> r != null && r.threads() == 1).findFirst().orElse(null);
        for (Timing r : rows) {
            if (r == null) continue;
            String at = who + " at " + r.threads() + " thread" + (r.threads() == 1 ? "" : "s");
            if (r.medianMs() > (1 + DISTURBED_PERCENT / 100.0) * r.minMs()) {
                lines.add(String.format(Locale.ROOT, "caution: %s: median %.0f%% above the minimum, a disturbed run;"
                        + " run again or compare minima", at, 100 * (r.medianMs() / r.minMs() - 1)));
            }
            double scaling = single == null ? Double.NaN : single.medianMs() / r.medianMs();
            if (r.threads() > 1 && scaling < SCALING_PERCENT / 100.0 * r.threads()) {
                lines.add(String.format(Locale.ROOT, "caution: %s: only %.2f× the 1-thread speed, so the cores were"
                        + " not free; that row's speed-up says little", at, scaling));
            }
        }
    }

    /** Median and min wall time of {@code steps} steps after {@code timingWarmup} untimed ones. */
    Timing time(ModelConfig config, int batchSize, int threads) {
        Model model = new Model(config);
        try (Trainer trainer = new Trainer(model, batchSize, threads)) {
            model.initialize(trainer.parameters(), 0);
            BatchSource source = BatchSource.fixed(config, batchSize);
            for (int i = 0; i < timingWarmup; i++) trainer.trainStep(source, 5e-4, 1.0);
            double[] ms = new double[steps];
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                trainer.trainStep(source, 5e-4, 1.0);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            return new Timing(threads, median(ms), Arrays.stream(ms).min().orElseThrow());
        }
    }

    private Path findPeer() {
        if (torchPeer != null) {
            if (!Files.isRegularFile(torchPeer)) throw new UsageError("--torch-peer " + torchPeer + " is not a file");
            return torchPeer;
        }
        for (Path r : roots()) {
            // ../shared/peers beside the repository; a checkout nested one or two folders deeper finds it further up
            for (Path a = r == null ? null : r.getParent(); a != null && a.getNameCount() >= 1; a = a.getParent()) {
                Path p = a.resolve("shared/peers/run-torch-peer.sh");
                if (Files.isRegularFile(p)) return p;
                if (r.getNameCount() - a.getNameCount() >= 3) break;
            }
        }
        return null;
    }

    /** The repository's peer for the read-in models: --torch-task-peer, else scripts/run-torch-task-peer.sh. */
    private Path findTaskPeer() {
        if (torchTaskPeer != null) {
            if (!Files.isRegularFile(torchTaskPeer)) throw new UsageError("--torch-task-peer " + torchTaskPeer + " is not a file");
            return torchTaskPeer;
        }
        for (Path r : roots()) {
            // the root itself (the working directory, or the repository from the jar) and its parents up to two levels
            for (Path a = r; a != null && r.getNameCount() - a.getNameCount() <= 2; a = a.getParent()) {
                Path p = a.resolve("scripts/run-torch-task-peer.sh");
                if (Files.isRegularFile(p)) return p;
            }
        }
        return null;
    }

    /** The working directory and the folder two levels above the running jar (the repository for cli/target/icl.jar). */
    private static List<Path> roots() {
        List<Path> roots = new ArrayList<>();
        roots.add(Path.of("").toAbsolutePath());
        try {
            // the launcher runs <repo>/cli/target/icl.jar, or a private copy <repo>/.icl/icl.jar
            Path jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (jar.getParent() != null && jar.getParent().getParent() != null) {
                roots.add(jar.getParent().getParent());
                if (jar.getParent().getParent().getParent() != null) roots.add(jar.getParent().getParent().getParent());
            }
        } catch (Exception ignored) {
            // no code source (unusual class loader): the working directory is still searched
        }
        return roots;
    }

    /**
     * The peer's command line: the categorical peer {@code script} itself, or for regression and classification
     * {@code taskScript} told the categorical peer's directory (it reuses that peer's layers and BLAS setup).
     */
    static List<String> peerCommand(Path script, Path taskScript, ModelConfig c, int batchSize, int threads, int steps,
            int timingWarmup) {
        List<String> cmd = new ArrayList<>(List.of("bash"));
        if (c.head() == Head.CATEGORICAL) {
            cmd.add(script.toString());
        } else {
            Path dir = script.toAbsolutePath().getParent();
            cmd.addAll(List.of(taskScript.toString(), "--peer", dir.toString(), "--task", c.head().id()));
        }
        cmd.addAll(List.of("--threads", Integer.toString(threads),
                "--steps", Integer.toString(steps + timingWarmup), "--timing-warmup", Integer.toString(timingWarmup),
                "--batch", Integer.toString(batchSize), "--context", Integer.toString(c.context()),
                "--dims", Integer.toString(c.head() == Head.CATEGORICAL ? c.vocab() : c.dims()),
                "--hidden", Integer.toString(c.hidden()),
                "--layers", Integer.toString(c.layers()), "--heads", Integer.toString(c.heads()),
                "--mlp-factor", Double.toString(c.mlpFactor())));
        return cmd;
    }

    private static boolean torchAvailable() {
        try {
            // the peer script runs the system interpreter, which may not be the python3 first on PATH
            String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
            Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final Pattern PEER_LINE = Pattern.compile("ms/step median=([0-9.]+) min=([0-9.]+)");

    private static Timing runPeer(List<String> cmd, int threads) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("timed out");
        }
        Matcher m = PEER_LINE.matcher(output);
        if (p.exitValue() != 0 || !m.find()) {
            String[] lines = output.strip().split("\n");
            throw new IOException("exit " + p.exitValue() + ": " + lines[lines.length - 1]);
        }
        return new Timing(threads, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
    }
}
