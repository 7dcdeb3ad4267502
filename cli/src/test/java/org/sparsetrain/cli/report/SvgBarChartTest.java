package org.sparsetrain.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SvgBarChartTest {
    @Test
    void oneBarPerItemScaledToTheMaximum() throws Exception {
        String svg = new SvgBarChart("density per layer", 1.0, true).add("fc1.weight", 0.05).add("fc3.weight", 1.0).render();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, doc.getElementsByTagName("rect").getLength(), "background + two bars");
        assertTrue(svg.contains("5.00%") && svg.contains("100.00%"), svg);
        String fullWidth = doc.getElementsByTagName("rect").item(2).getAttributes().getNamedItem("width").getNodeValue();
        assertEquals("400.0", fullWidth);
    }
}
