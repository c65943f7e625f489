// Constants and checks about pools that all task families share (evaluation pool size, range of D).
package org.rationalicl.core.tasks;

/** Pool sizes used by every task family. */
public final class RunPools {
    private RunPools() {}

    /** Size of the evaluation (out-of-distribution) pool, drawn with seed + 1 (SPEC §2). */
    public static final int EVAL_POOL_SIZE = 500;

    /** Validates a pool size D: "tasks (D) = 0 must be in [1, 1048576]". */
    public static int checkTasks(int tasks) {
        return Args.intIn("tasks (D)", tasks, 1, TaskPool.MAX_TASKS);
    }
}
