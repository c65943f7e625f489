// Evaluation passes several sequences at a time on every worker; each prediction must equal what the network gives
// that sequence on its own (one-sequence forward passes, one thread), for every head and for 1 and 2 workers.
package org.rationalicl.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EvaluatorTest {

    @ParameterizedTest
    @EnumSource(Head.class)
    void chunkedPredictionsEqualOneSequenceAtATime(Head head) {
        // 21 sequences: not a multiple of the chunk (8) nor of the workers, so ragged last chunks occur
        TrainingConfig config = TrainingRunTest.tiny(head).evalSequences(21).build();
        List<TaskData.Split> splits = TaskData.create(config).splits(config.evalSequences());
        for (int threads : new int[] {1, 2}) {
            Model model = new Model(config.model());
            try (Trainer trainer = new Trainer(model, config.batch(), threads)) {
                model.initialize(trainer.parameters(), 7);
                Map<String, Evaluator.Result> results = new Evaluator(trainer).evaluate(splits);
                int per = model.predictionSize();
                Activations acts = new Activations(config.model(), 1);
                Batch batch = new Batch(config.model(), 1);
                float[] one = new float[per];
                for (TaskData.Split split : splits) {
                    float[] pred = results.get(split.name).predictions();
                    double worst = 0;
                    String first = null;
                    for (int s = 0; s < split.count; s++) {
                        split.load(batch, 0, s);
                        model.forward(trainer.parameters(), acts, batch, 0, 1);
                        model.predictions(acts, 1, one, 0);
                        for (int j = 0; j < per; j++) {
                            double d = Math.abs(one[j] - pred[s * per + j]);
                            if (d > worst) worst = d;
                            if (d > 1e-6 && first == null) first = "sequence " + s + " [" + j + "]: " + one[j] + " vs " + pred[s * per + j];
                        }
                    }
                    assertTrue(worst <= 1e-6, head + " " + split.name + ", " + threads + " thread(s): max |diff| " + worst
                            + ", first mismatch " + first);
                }
            }
        }
    }
}
