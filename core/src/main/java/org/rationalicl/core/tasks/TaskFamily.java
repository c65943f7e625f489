// The names of the three task families, as used in configuration files, checkpoints and on the command line.
package org.rationalicl.core.tasks;

/** categorical (Balls &amp; Urns), regression, classification. */
public enum TaskFamily {
    CATEGORICAL("categorical"),
    REGRESSION("regression"),
    CLASSIFICATION("classification");

    private final String id;

    TaskFamily(String id) {
        this.id = id;
    }

    /** Lower-case name: "categorical", "regression" or "classification". */
    public String id() { return id; }

    /** The family with this {@link #id()}. */
    public static TaskFamily byId(String id) {
        for (TaskFamily f : values()) if (f.id.equals(id)) return f;
        throw new IllegalArgumentException("task = '" + id + "' must be one of categorical, regression, classification");
    }
}
