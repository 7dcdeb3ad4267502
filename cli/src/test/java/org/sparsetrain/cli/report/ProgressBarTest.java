package org.sparsetrain.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void rendersRateLossAndEtaFromTheClock() {
        long[] now = {0};
        var bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), true, () -> now[0]);
        bar.startEpoch("epoch 2/5", 10);
        now[0] = 2_000_000_000L;
        bar.step(4, 512, 0.5);
        String line = bar.render(4, now[0], 0.5);
        assertTrue(line.startsWith("epoch 2/5 [=========               ] 4/10"), line);
        assertTrue(line.contains("256 img/s") && line.contains("loss 0.5000") && line.contains("ETA 0:03"), line);
        assertEquals("1:02:03", ProgressBar.duration(3723));
    }

    @Test
    void quietWhenNotATerminal() {
        var bytes = new ByteArrayOutputStream();
        var bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, System::nanoTime);
        bar.startEpoch("e", 3);
        for (int i = 1; i <= 3; i++) bar.step(i, 10, 1.0);
        bar.endEpoch();
        assertEquals(0, bytes.size());
    }
}
