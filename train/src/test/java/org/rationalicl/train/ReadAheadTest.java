// The read-ahead sweeps: the switch and its CPU rule, and that they change nothing but speed.
package org.rationalicl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rationalicl.simd.Kernels;

class ReadAheadTest {

    @Test
    void propertyChoosesOnOffOrTheCpuRule() {
        assertTrue(withProperty("on", ReadAhead::fromSystemProperty));
        assertTrue(withProperty("ON", ReadAhead::fromSystemProperty));
        assertFalse(withProperty("off", ReadAhead::fromSystemProperty));
        assertEquals(ReadAhead.auto(), withProperty("auto", ReadAhead::fromSystemProperty));
        assertEquals(ReadAhead.auto(), withProperty(null, ReadAhead::fromSystemProperty));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withProperty("yes", ReadAhead::fromSystemProperty));
        assertTrue(e.getMessage().contains("rationalicl.readAhead=yes") && e.getMessage().contains("on, off or auto"),
                e.getMessage());
    }

    @Test
    void onlyAmdProcessorsReadAheadByDefault() {
        assertTrue(ReadAhead.pays("AuthenticAMD"));
        assertFalse(ReadAhead.pays("GenuineIntel"));
        assertFalse(ReadAhead.pays(""));
    }

    @Test
    void vendorComesFromTheFirstVendorLine(@TempDir Path dir) throws IOException {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n"
                + "processor\t: 1\nvendor_id\t: AuthenticAMD\n");
        assertEquals(Optional.of("GenuineIntel"), ReadAhead.read(cpuinfo));
        Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: some core\n");
        assertEquals(Optional.empty(), ReadAhead.read(cpuinfo));
        assertEquals(Optional.empty(), ReadAhead.read(dir.resolve("missing")));
    }

    /** The sweeps run when on (their sum lands in Activations.touched) and leave gradients and loss bit for bit. */
    @Test
    void sweepsChangeNeitherLossNorGradients() {
        ModelConfig c = new ModelConfig(Head.REGRESSION, 1, 3, 4, 8, 2, 2, 1.5, 0.5, 10000);
        Model on = withProperty("on", () -> new Model(c, Kernels.get()));
        Model off = withProperty("off", () -> new Model(c, Kernels.get()));
        float[] params = on.newArena();
        on.initialize(params, 3);
        Random random = new Random(11);
        for (int i = 0; i < params.length; i++) params[i] += 0.1f * (float) random.nextGaussian();
        int sequences = 3;
        Batch batch = TrainingPassTest.randomBatch(c, sequences, random);
        float[] weightsT = on.newArena();
        on.prepareStepWeights(params, weightsT);
        float scale = 1f / on.lossTerms(sequences);

        Activations actsOn = new Activations(c, sequences), actsOff = new Activations(c, sequences);
        float[] gradsOn = on.newArena(), gradsOff = off.newArena();
        double lossOn = on.forwardBackward(params, weightsT, gradsOn, actsOn, batch, 0, sequences, scale);
        double lossOff = off.forwardBackward(params, weightsT, gradsOff, actsOff, batch, 0, sequences, scale);
        assertNotEquals(0f, actsOn.touched, "read-ahead on: no sweep ran");
        assertEquals(0f, actsOff.touched, "read-ahead off: a sweep ran");
        assertEquals(Double.doubleToRawLongBits(lossOn), Double.doubleToRawLongBits(lossOff));
        assertArrayEquals(gradsOn, gradsOff);
    }

    private static <T> T withProperty(String value, Supplier<T> body) {
        String saved = System.getProperty(ReadAhead.PROPERTY);
        try {
            if (value == null) System.clearProperty(ReadAhead.PROPERTY);
            else System.setProperty(ReadAhead.PROPERTY, value);
            return body.get();
        } finally {
            if (saved == null) System.clearProperty(ReadAhead.PROPERTY);
            else System.setProperty(ReadAhead.PROPERTY, saved);
        }
    }
}
