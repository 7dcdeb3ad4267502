package org.sparsetrain.cli.report;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes an 8-bit RGB image as PNG with only {@code java.base} ({@link Deflater} and {@link CRC32}), so the
 * run pictures need no {@code java.desktop}. Used for heat maps such as the first layer's input connectivity.
 */
public final class PngImage {
    private PngImage() {}

    /** PNG bytes of a {@code width x height} image; {@code rgb[y*width + x]} is {@code 0xRRGGBB}. */
    public static byte[] encode(int width, int height, int[] rgb) {
        if (width <= 0 || height <= 0 || rgb.length != width * height) {
            throw new IllegalArgumentException("png: " + rgb.length + " pixels for " + width + "x" + height);
        }
        byte[] raw = new byte[height * (1 + 3 * width)];
        int p = 0;
        for (int y = 0; y < height; y++) {
            raw[p++] = 0; // filter type None
            for (int x = 0; x < width; x++) {
                int c = rgb[y * width + x];
                raw[p++] = (byte) (c >>> 16);
                raw[p++] = (byte) (c >>> 8);
                raw[p++] = (byte) c;
            }
        }
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!deflater.finished()) z.write(buf, 0, deflater.deflate(buf));
        deflater.end();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit, truecolour RGB, deflate, adaptive filters, no interlace
            chunk(out, "IHDR", ihdr.toByteArray());
            chunk(out, "IDAT", z.toByteArray());
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("png: in-memory write failed", e);
        }
    }

    /**
     * A heat map of {@code values} (row-major {@code rows x cols}) scaled up by {@code scale} pixels per cell,
     * black (minimum) through red and yellow to white (maximum).
     */
    public static byte[] heatMap(double[] values, int rows, int cols, int scale) {
        if (values.length != rows * cols) {
            throw new IllegalArgumentException("heat map: " + values.length + " values for " + rows + "x" + cols);
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double range = hi > lo ? hi - lo : 1;
        int w = cols * scale, h = rows * scale;
        int[] rgb = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = (values[(y / scale) * cols + x / scale] - lo) / range;
                rgb[y * w + x] = heat(t);
            }
        }
        return encode(w, h, rgb);
    }

    /** Black-red-yellow-white colour ramp for t in [0, 1]. */
    static int heat(double t) {
        double c = Math.max(0, Math.min(1, t)) * 3;
        int r = (int) Math.round(255 * Math.min(1, c));
        int g = (int) Math.round(255 * Math.max(0, Math.min(1, c - 1)));
        int b = (int) Math.round(255 * Math.max(0, Math.min(1, c - 2)));
        return (r << 16) | (g << 8) | b;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
