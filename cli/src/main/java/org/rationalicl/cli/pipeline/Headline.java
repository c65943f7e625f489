// The headline numbers of an analysis, as icl analyze and icl demo print them: fitted (alpha, beta, gamma),
// correlation of predicted vs observed w_M (ID/OOD), transition-step exponent, and where the files are.
package org.rationalicl.cli.pipeline;

import java.io.PrintWriter;
import java.util.Locale;
import org.rationalicl.analysis.derived.PowerLaw;
import org.rationalicl.analysis.pipeline.SweepAnalysis;

public final class Headline {
    private Headline() {}

    public static void print(PrintWriter o, SweepAnalysis.Outcome r) {
        for (SweepAnalysis.ConfigurationOutcome c : r.configurations()) {
            double[] p = c.fit().fittedParameters();
            o.printf(Locale.ROOT, "%s (D = %s):%n", c.key(), java.util.Arrays.toString(c.poolSizes()));
            o.printf(Locale.ROOT, "  fitted alpha %.4f  beta %.4f  gamma %.4g   (%s, %d iterations)%n", p[0], p[1], p[2],
                    c.fit().status().name().toLowerCase(Locale.ROOT), c.fit().iterations());
            o.printf(Locale.ROOT, "  correlation predicted vs observed w_M: ID %.3f  OOD %.3f   (paper, categorical:"
                    + " ~0.99 / ~0.97)%n", c.fit().correlationId(), c.fit().correlationOod());
            o.printf(Locale.ROOT, "  transition step N*(D) network: %s%n", steps(c.poolSizes(), c.networkTransition()));
            if (!c.memorizingFromStart().isEmpty()) {
                o.printf(Locale.ROOT, "    (w_M >= 0.5 from the first checkpoint, no transition to read: D = %s)%n",
                        c.memorizingFromStart());
            }
            o.printf(Locale.ROOT, "  transition step N*(D) model:   %s%n", steps(c.poolSizes(), c.modelTransition()));
            o.printf(Locale.ROOT, "  transition-step exponent: network %s; model %s%n", law(c.networkLaw()),
                    law(c.modelLaw()));
            for (var a : c.ablations()) {
                o.printf(Locale.ROOT, "  variant %-18s r(ID) %.3f  r(OOD) %.3f  objective %.4g%n", a.variant(),
                        a.correlationId(), a.correlationOod(), a.objective());
            }
        }
        o.println("results: " + r.results());
        o.println("report:  " + r.report());
    }

    static String law(PowerLaw p) {
        if (p == null) return "n/a (fewer than two D crossed)";
        return Double.isFinite(p.exponentLow())
                ? String.format(Locale.ROOT, "%.2f [95%% CI %.2f, %.2f]", p.exponent(), p.exponentLow(), p.exponentHigh())
                : String.format(Locale.ROOT, "%.2f (2 points, no CI)", p.exponent());
    }

    static String steps(int[] d, double[] n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append("D=").append(d[i]).append(": ")
                    .append(n[i] > 0 && Double.isFinite(n[i]) ? String.format(Locale.ROOT, "%.0f", n[i]) : "never");
        }
        return sb.toString();
    }
}
