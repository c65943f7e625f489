// Which input/output head the network carries: one per task family of SPEC §2.
package org.rationalicl.train;

public enum Head {
    /** Token embedding in, untied projection to V+1 logits out, trained at positions 0..C−1. */
    CATEGORICAL,
    /** Linear read-in of d-vectors (x_1, ỹ_1, x_2, ỹ_2, …), read-out H→1 at the x positions. */
    REGRESSION,
    /** Linear read-in of (d+1)-vector pairs, read-out H→2 at the last position only. */
    CLASSIFICATION;

    /** The lower-case name used on the command line and in config.json. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@link #id()} (case-insensitive); throws naming the allowed values. */
    public static Head parse(String id) {
        for (Head h : values()) if (h.id().equalsIgnoreCase(id)) return h;
        throw new IllegalArgumentException("task = " + id + ": expected one of categorical, regression, classification");
    }
}
