// Runs the icl command in-process with captured stdout/stderr, as the tests' one way to call it.
package org.rationalicl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

final class CliRunner {
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private CliRunner() {
    }

    static Result run(String... args) {
        CommandLine cl = Icl.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** The flags of a tiny categorical run (V 4, C 8, H 8, batch 4) that trains in well under a second. */
    static List<String> tiny(Path out, int steps) {
        return new ArrayList<>(List.of("train", "--task", "categorical", "--tasks", "3", "--dims", "4", "--context", "8",
                "--hidden", "8", "--batch", "4", "--steps", Integer.toString(steps), "--checkpoints", "3",
                "--first-checkpoint", "2", "--eval-sequences", "6", "--threads", "1", "--progress", "none", "--out", out.toString()));
    }

    static Result run(List<String> args) {
        return run(args.toArray(String[]::new));
    }
}
