// Which evaluation sequences a number is measured on: the training pool (ID) or the held-out pool (OOD).
package org.rationalicl.analysis.report;

public enum Split {
    ID("ID (training pool)"),
    OOD("OOD (evaluation pool)");

    private final String label;

    Split(String label) { this.label = label; }

    public String label() { return label; }
}
