// Reads a checkpoints/step-N.safetensors file back: the run's configuration and step from __metadata__ and
// the weights into a parameter arena (shapes checked against the layout the configuration implies).
package org.rationalicl.train;

import java.io.IOException;
import java.nio.file.Path;
import org.rationalicl.core.io.FormatException;
import org.rationalicl.core.io.Json;
import org.rationalicl.core.io.SafetensorsReader;

/**
 * @param config the training configuration stored with the checkpoint
 * @param step   optimizer steps taken when it was written
 * @param params the weights, in {@link ParameterLayout} order of {@code config.model()}
 */
public record Checkpoint(TrainingConfig config, long step, float[] params) {

    public static Checkpoint read(Path file) throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            String configJson = r.metadata().get("config"), step = r.metadata().get("step");
            if (configJson == null || step == null) {
                throw new FormatException(file.toString(), "__metadata__", "config and step are required in a checkpoint");
            }
            TrainingConfig config = TrainingConfig.fromJson(Json.parseObject(configJson, file + " __metadata__.config"));
            long n;
            try {
                n = Long.parseLong(step);
            } catch (NumberFormatException e) {
                throw new FormatException(file.toString(), "__metadata__.step", "'" + step + "' is not a step number");
            }
            ParameterLayout layout = new ParameterLayout(config.model());
            float[] params = new float[layout.size()];
            for (ParameterLayout.Tensor t : layout.tensors()) {
                int[] shape = t.shape();
                long[] s = new long[shape.length];
                for (int i = 0; i < s.length; i++) s[i] = shape[i];
                r.readFloats(t.name(), params, t.offset(), s);
            }
            return new Checkpoint(config, n, params);
        }
    }
}
