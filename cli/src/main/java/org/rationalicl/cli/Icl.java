// The icl command: entry point, sub-command registry and the mapping of failures to exit codes
// (0 ok, 1 failed, 2 usage error — a wrong flag, a missing file or an invalid value).
package org.rationalicl.cli;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import org.rationalicl.simd.Kernels;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "icl", mixinStandardHelpOptions = true, versionProvider = Icl.Version.class,
        description = "Train small transformers on in-context-learning task mixtures on CPUs and explain them"
                + " with the hierarchical Bayesian model of Wurgaft et al. (2025).",
        subcommands = {CommandLine.HelpCommand.class, TrainCommand.class, SweepCommand.class, InspectCommand.class,
                BenchCommand.class, PredictCommand.class, AnalyzeCommand.class, DemoCommand.class})
public final class Icl implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Icl());
        cl.setExecutionExceptionHandler(Icl::handle);
        cl.setParameterExceptionHandler(Icl::handleParameters);
        return cl;
    }

    /** Bad input is the user's to fix (exit 2); anything else is a failure of the run (exit 1). One line each. */
    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (isUsage(e)) {
            String what = e instanceof NoSuchFileException ? "no such file: " + e.getMessage() : e.getMessage();
            err.println("icl " + cl.getCommandName() + ": " + what);
            err.flush();
            return 2;
        }
        err.println("icl " + cl.getCommandName() + ": failed: " + e);
        if (System.getenv("ICL_DEBUG") != null) e.printStackTrace(err);
        else err.println("(set ICL_DEBUG=1 for the stack trace)");
        err.flush();
        return 1;
    }

    /** A wrong flag or value: one line naming it, and where the help is (picocli would print the whole usage). */
    private static int handleParameters(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String path = cl.getCommandSpec().qualifiedName();
        err.println(path + ": " + e.getMessage() + " (see '" + path + " --help')");
        err.flush();
        return 2;
    }

    private static boolean isUsage(Exception e) {
        return e instanceof UsageError || e instanceof IllegalArgumentException
                || e instanceof NoSuchFileException || e instanceof FileNotFoundException;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Icl.class.getPackage().getImplementationVersion();
            return new String[] {"icl " + (v == null ? "dev" : v) + " (kernels: " + Kernels.get().name()
                    + ", Java " + Runtime.version() + ")"};
        }
    }
}
