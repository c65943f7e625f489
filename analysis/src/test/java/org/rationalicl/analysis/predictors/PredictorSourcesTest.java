// Each predictor's algorithm sits in its own source file, packaged for the complexity estimate K(Q): the files
// exist on the classpath and the memorizing code differs from the generalizing code.
package org.rationalicl.analysis.predictors;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rationalicl.analysis.complexity.Complexity;

class PredictorSourcesTest {

    @Test
    void everyMemorizingAndGeneralizingPredictorHasItsOwnPackagedSource() {
        for (String family : new String[] {"Categorical", "Regression", "Classification"}) {
            String m = Complexity.packagedSource("Memorizing" + family + ".java");
            String g = Complexity.packagedSource("Generalizing" + family + ".java");
            assertTrue(m.contains("final class Memorizing" + family), "source of Memorizing" + family);
            assertTrue(g.contains("final class Generalizing" + family), "source of Generalizing" + family);
            assertNotEquals(Complexity.minifyJava(m), Complexity.minifyJava(g), family);
        }
    }
}
