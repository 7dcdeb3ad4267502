package org.sparsetrain.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SvgLineChartTest {
    @Test
    void rendersWellFormedSvgWithOneLinePerSeries() throws Exception {
        String svg = new SvgLineChart("loss <per> epoch", "epoch", "loss")
                .add(new SvgLineChart.Series("train", new double[] {1, 2, 3}, new double[] {2.3, 1.1, 0.7}))
                .add(new SvgLineChart.Series("test", new double[] {1, 2, 3}, new double[] {2.2, 1.3, Double.NaN}))
                .render();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertEquals(2, doc.getElementsByTagName("polyline").getLength());
        assertEquals(5, doc.getElementsByTagName("circle").getLength(), "the NaN point is skipped");
        assertTrue(svg.contains("loss &lt;per&gt; epoch"));
    }

    @Test
    void ticksAreRoundAndCoverTheRange() {
        double[] t = SvgLineChart.ticks(0.83, 0.91);
        assertTrue(t[0] <= 0.83 && t[t.length - 1] >= 0.91);
        assertEquals(0.02, t[1] - t[0], 1e-12);
    }
}
