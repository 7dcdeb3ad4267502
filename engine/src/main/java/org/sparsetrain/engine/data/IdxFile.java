package org.sparsetrain.engine.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of the MNIST family (MNIST, Fashion-MNIST, KMNIST...), plain or gzip-compressed
 * (detected by the gzip magic, not the file name).
 *
 * <p>Format: two zero bytes, a type code ({@code 0x08} = unsigned byte, the only one these data sets use),
 * the number of dimensions, then each dimension as a big-endian int32, then the data row-major.
 * Everything is validated: a bad magic, an unsupported type, a dimension of zero or a file shorter than
 * its header promises is an {@link IOException} naming the file.
 *
 * @param source where the bytes came from (a path or a class-path name), for messages
 * @param dims the dimensions from the header, e.g. {@code [60000, 28, 28]}
 * @param data the unsigned bytes, row-major ({@code & 0xff} to read one)
 */
public record IdxFile(String source, int[] dims, byte[] data) {

    /** Reads and validates {@code path}. */
    public static IdxFile read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) throw new IOException("IDX file not found: " + path);
        try (InputStream in = Files.newInputStream(path)) {
            return read(path.toString(), in);
        }
    }

    /** Reads and validates an IDX stream (not closed); {@code source} names it in messages. */
    public static IdxFile read(String source, InputStream stream) throws IOException {
        try {
            InputStream raw = new BufferedInputStream(stream, 1 << 16);
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
            return parse(source, new DataInputStream(in));
        } catch (EOFException e) {
            throw new IOException(source + ": truncated IDX file (ended inside the header or the data)", e);
        }
    }

    private static IdxFile parse(String path, DataInputStream in) throws IOException {
        int magic = in.readInt();
        if ((magic >>> 16) != 0) {
            throw new IOException(path + ": not an IDX file (magic 0x" + Integer.toHexString(magic)
                    + ", expected 0x0000080N)");
        }
        int type = (magic >>> 8) & 0xff, rank = magic & 0xff;
        if (type != 0x08) {
            throw new IOException(path + ": IDX element type 0x" + Integer.toHexString(type)
                    + " is not supported (only 0x08, unsigned byte)");
        }
        if (rank < 1 || rank > 4) throw new IOException(path + ": IDX rank " + rank + " outside 1..4");
        int[] dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readInt();
            if (dims[i] <= 0) throw new IOException(path + ": IDX dimension " + i + " is " + dims[i]);
            total *= dims[i];
        }
        if (total > Integer.MAX_VALUE - 8) throw new IOException(path + ": IDX data of " + total + " bytes is too large");
        byte[] data = new byte[(int) total];
        try {
            in.readFully(data);
        } catch (EOFException e) {
            throw new IOException(path + ": truncated: header " + Arrays.toString(dims) + " promises " + total
                    + " bytes of data", e);
        }
        if (in.read() != -1) {
            throw new IOException(path + ": trailing bytes after the " + total + " bytes that header "
                    + Arrays.toString(dims) + " describes");
        }
        return new IdxFile(path, dims, data);
    }

    /** Number of items (the first dimension). */
    public int count() { return dims[0]; }

    /** Elements per item (product of the other dimensions). */
    public int itemSize() { return data.length / dims[0]; }
}
