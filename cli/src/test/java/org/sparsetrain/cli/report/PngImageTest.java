package org.sparsetrain.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class PngImageTest {
    @Test
    void encodedImageDecodesToTheSamePixels() throws IOException {
        int[] rgb = {0xff0000, 0x00ff00, 0x0000ff, 0x123456, 0xffffff, 0x000000};
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(PngImage.encode(3, 2, rgb)));
        assertEquals(3, img.getWidth());
        assertEquals(2, img.getHeight());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) assertEquals(rgb[y * 3 + x], img.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
        }
    }

    @Test
    void heatMapScalesCellsAndSpansTheRamp() throws IOException {
        double[] v = {0, 1, 2, 3};
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(PngImage.heatMap(v, 2, 2, 4)));
        assertEquals(8, img.getWidth());
        assertEquals(0x000000, img.getRGB(0, 0) & 0xffffff);
        assertEquals(0xffffff, img.getRGB(7, 7) & 0xffffff);
        assertEquals(img.getRGB(4, 0), img.getRGB(7, 3));
        assertThrows(IllegalArgumentException.class, () -> PngImage.heatMap(v, 3, 2, 1));
    }
}
