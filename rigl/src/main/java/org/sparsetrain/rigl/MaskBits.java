package org.sparsetrain.rigl;

import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * A mask stored compactly in a tensor: 32 mask bits per element of an F64 tensor (every 32-bit
 * unsigned word is an exact double), bit {@code i % 32} of word {@code i / 32} = position
 * {@code i}. One bit per weight, as the reference's size accounting assumes; the engine's tensors
 * have no integer dtype, so a double carries each word.
 */
final class MaskBits {
    static final int BITS_PER_WORD = 32;

    private MaskBits() {}

    static int words(int n) {
        return (n + BITS_PER_WORD - 1) / BITS_PER_WORD;
    }

    static Tensor pack(boolean[] mask) {
        Tensor t = Tensor.zeros(DType.F64, words(mask.length));
        double[] d = t.doubles();
        for (int w = 0; w < d.length; w++) {
            long word = 0;
            for (int b = 0; b < BITS_PER_WORD; b++) {
                int i = w * BITS_PER_WORD + b;
                if (i < mask.length && mask[i]) word |= 1L << b;
            }
            d[w] = word;
        }
        return t;
    }

    /**
     * @throws IllegalArgumentException (naming {@code what}) when the tensor does not hold
     *                                  {@code n} bits: wrong length, non-integral or out-of-range
     *                                  words, or bits set past position {@code n}
     */
    static boolean[] unpack(Tensor packed, int n, String what) {
        if (packed.rank() != 1 || packed.size() != words(n)) {
            throw new IllegalArgumentException(what + ": packed mask has shape " + packed.shape() + ", a weight of "
                    + n + " elements needs [" + words(n) + "]");
        }
        boolean[] mask = new boolean[n];
        for (int w = 0; w < packed.size(); w++) {
            double v = packed.getFlat(w);
            if (v < 0 || v > 0xFFFFFFFFL || v != Math.rint(v)) {
                throw new IllegalArgumentException(what + ": word " + w + " = " + v + " is not a 32-bit mask word");
            }
            long word = (long) v;
            for (int b = 0; b < BITS_PER_WORD; b++) {
                int i = w * BITS_PER_WORD + b;
                boolean bit = (word >>> b & 1L) != 0;
                if (i < n) mask[i] = bit;
                else if (bit) throw new IllegalArgumentException(what + ": bit " + i + " set beyond the " + n + " weights");
            }
        }
        return mask;
    }
}
