// The configuration label of a run: the same (task, V or d, C, mlp, seed) spelling as the sweep's run names.
package org.rationalicl.analysis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rationalicl.analysis.data.TaskKind;

class RunDirectoryTest {
    private static RunDirectory run(TaskKind task, int dims, double mlp) {
        return new RunDirectory(Path.of("r"), task, 16, dims, 64, mlp, 3, 100, 0.0, 1000);
    }

    @Test
    void categoricalConfigurationsNameTheirSymbolsV() {
        assertEquals("categorical_V8_C64_mlp4_seed3", run(TaskKind.CATEGORICAL, 8, 4).configurationKey());
        assertEquals("categorical_V12_C64_mlp0.5_seed3", run(TaskKind.CATEGORICAL, 12, 0.5).configurationKey());
    }

    @Test
    void regressionAndClassificationConfigurationsNameTheirInputDimensionD() {
        assertEquals("regression_d8_C64_mlp4_seed3", run(TaskKind.REGRESSION, 8, 4).configurationKey());
        assertEquals("classification_d16_C64_mlp8_seed3", run(TaskKind.CLASSIFICATION, 16, 8).configurationKey());
    }
}
