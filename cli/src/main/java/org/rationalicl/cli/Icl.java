// The icl command: entry point and sub-command registry.
package org.rationalicl.cli;

import org.rationalicl.simd.Kernels;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "icl", mixinStandardHelpOptions = true, versionProvider = Icl.Version.class,
        description = "Train small transformers on in-context-learning task mixtures on CPUs and explain them"
                + " with the hierarchical Bayesian model of Wurgaft et al. (2025).")
public final class Icl implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        // picocli's defaults are the contract: 0 ok, 1 failed, 2 usage error
        return new CommandLine(new Icl());
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
