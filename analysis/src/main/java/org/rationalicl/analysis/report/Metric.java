// The goodness-of-fit measures of SPEC section 8 that the report tabulates, with their display names.
package org.rationalicl.analysis.report;

public enum Metric {
    CORRELATION("Pearson r, predicted vs observed w_M", true),
    TOTAL_VARIATION("Mean total-variation distance, h vs T", false),
    SPEARMAN("Mean Spearman ρ over symbols, h vs T", true),
    R_SQUARED("R² of h against T", true),
    AGREEMENT("Argmax agreement, h vs T", true);

    private final String label;
    private final boolean higherIsBetter;

    Metric(String label, boolean higherIsBetter) {
        this.label = label;
        this.higherIsBetter = higherIsBetter;
    }

    public String label() { return label; }

    public boolean higherIsBetter() { return higherIsBetter; }
}
