// Checks the report's data records refuse bad input with a message naming the field and the allowed range,
// and keep their own copies of the arrays they are given.
package org.rationalicl.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ReportDataTest {
    private static void rejects(String mustMention, Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(mustMention), "message '" + x.getMessage() + "' lacks '" + mustMention + "'");
    }

    private static final long[] STEPS = {0, 10, 40};

    @Test
    void relativeDistanceGridChecksShapesOrderAndRange() {
        double[][] ok = {{0, 0.5, 1}, {0, 0, Double.NaN}};
        RelativeDistanceGrid g = RelativeDistanceGrid.of(new int[] {4, 8}, STEPS, ok, ok);
        assertEquals(0.5, g.network(0, 1));
        assertTrue(Double.isNaN(g.model(1, 2)));
        rejects("poolSizes: pool sizes must be strictly ascending", () -> RelativeDistanceGrid.of(new int[] {8, 4}, STEPS, ok, ok));
        rejects("poolSizes[0] = 0", () -> RelativeDistanceGrid.of(new int[] {0, 4}, STEPS, ok, ok));
        rejects("steps: steps must be strictly ascending", () -> RelativeDistanceGrid.of(new int[] {4, 8}, new long[] {0, 10, 10}, ok, ok));
        rejects("network[D index 1, step index 0] = 1.5: must be in [0.0, 1.0]",
                () -> RelativeDistanceGrid.of(new int[] {4, 8}, STEPS, new double[][] {{0, 0, 0}, {1.5, 0, 0}}, ok));
        rejects("model[1]: 2 values but there are 3 steps",
                () -> RelativeDistanceGrid.of(new int[] {4, 8}, STEPS, ok, new double[][] {{0, 0, 0}, {0, 0}}));
        rejects("model: length 5 but (D, steps) = (2, 3) needs 6",
                () -> new RelativeDistanceGrid(new int[] {4, 8}, STEPS, new double[6], new double[5]));
        double[] flat = new double[6];
        RelativeDistanceGrid copy = new RelativeDistanceGrid(new int[] {4, 8}, STEPS, flat, flat);
        flat[0] = 1;
        assertEquals(0.0, copy.network(0, 0), "grid must keep its own copy");
    }

    @Test
    void transitionsAndPowerLawsCheckTheirValues() {
        rejects("network[1] = -3.0", () -> new TransitionSteps(new int[] {4, 8}, new double[] {1, -3}, new double[2], List.of()));
        rejects("model: 1 values but there are 2 pool sizes", () -> new TransitionSteps(new int[] {4, 8}, new double[] {1, 2}, new double[1], List.of()));
        rejects("must contain the exponent", () -> new PowerLawFit(PowerLawFit.FittedTo.MODEL, 2, 1.5, 1.6, 1.9));
        rejects("prefactor = 0.0", () -> new PowerLawFit(PowerLawFit.FittedTo.MODEL, 0, 1.5, 1.4, 1.6));
        PowerLawFit fit = new PowerLawFit(PowerLawFit.FittedTo.MODEL, 2, 1.5, 1.4, 1.6);
        rejects("at most one power law per source",
                () -> new TransitionSteps(new int[] {4}, new double[] {5}, new double[] {5}, List.of(fit, fit)));
        assertEquals(16.0, fit.at(4), 1e-12);
        TransitionSteps t = new TransitionSteps(new int[] {4}, new double[] {Double.NaN}, new double[] {Double.POSITIVE_INFINITY}, List.of());
        assertTrue(Double.isNaN(t.model()[0]), "+infinity means no transition, stored as NaN");
    }

    @Test
    void lossCurvesAndConfigurationCheckTheirFields() {
        LossCurve c4 = new LossCurve(4, STEPS, new double[3], new double[3], 1, 2, 3, 2);
        LossCurve c8 = new LossCurve(8, STEPS, new double[3], new double[3], 1, 2, 3, 2);
        rejects("memorizingIdLoss = NaN", () -> new LossCurve(4, STEPS, new double[3], new double[3], Double.NaN, 2, 3, 2));
        rejects("idLoss: length 2", () -> new LossCurve(4, STEPS, new double[2], new double[3], 1, 2, 3, 2));
        rejects("curves: pool sizes must be strictly ascending", () -> new LossCurves("loss", List.of(c8, c4)));
        rejects("lossLabel: must not be blank", () -> new LossCurves(" ", List.of(c4)));
        ConfigurationReport ok = SampleReports.categorical("t", 1);
        rejects("task = 'language': must be one of [categorical, regression, classification]",
                () -> new ConfigurationReport("t", "language", new LinkedHashMap<>(), ok.fits(), ok.metrics(),
                        ok.relativeDistance(), ok.logOdds(), ok.transitions(), ok.losses()));
        rejects("fits: needs at least the main model's fit",
                () -> new ConfigurationReport("t", "categorical", new LinkedHashMap<>(), List.of(), ok.metrics(),
                        ok.relativeDistance(), ok.logOdds(), ok.transitions(), ok.losses()));
        rejects("iterations = -1", () -> new FittedParameters("v", 1, 1, 1, 1, 1, 1, 0, -1, "s", true));
    }
}
