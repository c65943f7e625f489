// Every command's help renders (no unescaped format characters) and names its flags and defaults.
package org.rationalicl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelpTest {
    @Test
    void everyCommandHasHelpWithItsFlags() {
        for (String command : List.of("train", "sweep", "inspect", "bench")) {
            CliRunner.Result r = CliRunner.run(command, "--help");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().startsWith(headerOf(command)), r.out());
            assertTrue(r.out().contains("Usage: icl " + command), r.out());
            // a stray % in a description makes picocli print the raw text with %n left in
            assertFalse(r.out().contains("%n"), r.out());
        }
        String train = CliRunner.run("train", "--help").out();
        for (String flag : List.of("--task", "--tasks", "--dims", "--context", "--layers", "--heads", "--hidden", "--mlp-factor",
                "--batch", "--lr", "--warmup", "--schedule", "--clip", "--seed", "--threads", "--checkpoints",
                "--first-checkpoint", "--last-checkpoint", "--eval-sequences", "--zipf", "--config", "--steps", "--out")) {
            assertTrue(train.contains(flag + "="), flag);
        }
        String bench = CliRunner.run("bench", "--help").out();
        assertTrue(bench.contains("% of the FMA peak"), bench);
        assertTrue(bench.contains("Default: 273"), bench);
        CliRunner.Result version = CliRunner.run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("icl "), version.out());
    }

    private static String headerOf(String command) {
        return Icl.commandLine().getSubcommands().get(command).getCommandSpec().usageMessage().header()[0]
                .replace("%%", "%");
    }
}
