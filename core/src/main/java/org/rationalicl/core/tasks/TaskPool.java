// A pool of D tasks stored as a D × width row-major float matrix: one row of task parameters per task
// (categorical θ, regression w, classification (item, label)). Immutable after construction.
package org.rationalicl.core.tasks;

/**
 * D rows of task parameters. Created by the task families ({@code drawPool}, {@code pool(...)}), which
 * validate the rows for their family; this class only holds them and hands out copies.
 */
public final class TaskPool {
    /** Largest pool the project supports (the paper's largest D is 2^20 for regression). */
    public static final int MAX_TASKS = 1 << 20;

    private final int tasks;
    private final int width;
    private final float[] data; // (tasks, width)

    /** Takes ownership of data (callers pass a fresh or copied array). */
    TaskPool(int tasks, int width, float[] data) {
        this.tasks = tasks;
        this.width = width;
        this.data = data;
    }

    /** Number of tasks D. */
    public int tasks() { return tasks; }

    /** Parameters per task (V, d or d+1). */
    public int width() { return width; }

    /** Parameter k of task j. */
    public float get(int task, int k) {
        if (task < 0 || task >= tasks) throw new IllegalArgumentException("task = " + task + " must be in [0, " + (tasks - 1) + "]");
        if (k < 0 || k >= width) throw new IllegalArgumentException("k = " + k + " must be in [0, " + (width - 1) + "]");
        return data[task * width + k];
    }

    /** Copies row j into out[off, off + width). */
    public void copyTask(int task, float[] out, int off) {
        if (task < 0 || task >= tasks) throw new IllegalArgumentException("task = " + task + " must be in [0, " + (tasks - 1) + "]");
        System.arraycopy(data, task * width, out, off, width);
    }

    /** A copy of the whole (D, width) matrix, row-major: the layout written to disk. */
    public float[] toArray() {
        return data.clone();
    }

    /** The backing array, for this package's hot loops only. */
    float[] data() {
        return data;
    }

    /** True when both pools hold the same numbers. */
    public boolean sameAs(TaskPool other) {
        return other != null && tasks == other.tasks && width == other.width && java.util.Arrays.equals(data, other.data);
    }
}
