// The progress display: a redrawn bar on a terminal, plain lines elsewhere, silence when off; durations read well.
package org.rationalicl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void barRedrawsInPlaceAndMessagesDoNotTearIt() {
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), Progress.Mode.BAR, "steps", 0, 100);
        p.update(50, "loss 1.2345");
        p.message("checkpoint 50");
        p.finish();
        String text = s.toString();
        assertTrue(text.startsWith("\r["), text);
        assertTrue(text.contains("50/100 steps  50.0%  loss 1.2345"), text);
        assertTrue(text.contains("ETA"), text);
        assertTrue(text.contains("\r\u001b[Kcheckpoint 50\n"), text);
        assertTrue(text.endsWith("\u001b[K\n"), text);
    }

    @Test
    void plainLinesForLogsAndNothingWhenOff() {
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), Progress.Mode.LINES, "steps", 10, 100);
        p.update(11, "loss 2");
        assertEquals("", s.toString(), "no line before a full period has passed");
        p.update(100, "loss 1");
        p.finish();
        assertFalse(s.toString().contains("\r"), s.toString());
        assertTrue(s.toString().contains("100/100 steps 100.0%  loss 1"), s.toString());

        StringWriter none = new StringWriter();
        Progress q = new Progress(new PrintWriter(none), Progress.Mode.NONE, "steps", 0, 10);
        q.update(10, "x");
        q.finish();
        assertEquals("", none.toString());
    }

    @Test
    void durations() {
        assertEquals("0.4s", Progress.duration(0.4));
        assertEquals("12s", Progress.duration(12.2));
        assertEquals("4m05s", Progress.duration(245));
        assertEquals("3h02m", Progress.duration(3 * 3600 + 2 * 60 + 5));
        assertEquals("?", Progress.duration(Double.POSITIVE_INFINITY));
    }
}
