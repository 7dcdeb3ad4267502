package org.sparsetrain.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparsetrain.engine.optim.SGD;
import org.sparsetrain.engine.optim.SgdConfig;
import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Rng;
import org.sparsetrain.engine.tensor.Tensor;

/** The sparse form of a parameter: storage, topology changes, optimizer state and state dicts. */
class SparseParameterTest {

    private static Parameter param() {
        Tensor w = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        return new Parameter(w);
    }

    @Test void sparsifyKeepsActiveValuesAndTheLogicalShape() {
        Parameter p = param();
        int[] src = p.sparsify(SparsityPattern.fromFlatIndices(new int[] {1, 3, 5}, 2, 3));
        assertArrayEquals(new int[] {1, 3, 5}, src);
        assertTrue(p.isSparse());
        assertEquals(3, p.data().size());
        assertEquals(6, p.size());
        assertArrayEquals(new float[] {2, 4, 6}, p.data().toFloatArray());
        assertArrayEquals(new float[] {0, 2, 0, 4, 0, 6}, p.denseCopy().toFloatArray());
    }

    @Test void changePatternKeepsKeptValuesAndStartsGrownOnesAtZero() {
        Parameter p = param();
        p.sparsify(SparsityPattern.fromFlatIndices(new int[] {1, 3, 5}, 2, 3));
        p.data().setGrad(Tensor.of(new float[] {10, 30, 50}, 3));
        int[] src = p.changePattern(SparsityPattern.fromFlatIndices(new int[] {0, 3, 5}, 2, 3));
        assertArrayEquals(new int[] {-1, 1, 2}, src);
        assertArrayEquals(new float[] {0, 4, 6}, p.data().toFloatArray());
        assertArrayEquals(new float[] {0, 30, 50}, p.grad().toFloatArray());
    }

    @Test void optimizerStateFollowsTheTopologyAndStateDictsStayLogical() {
        Parameter p = param();
        SGD opt = new SGD(List.of(p), SgdConfig.of(0.1).withMomentum(0.9));
        p.data().setGrad(Tensor.of(new float[] {1, 1, 1, 1, 1, 1}, 2, 3));
        opt.step(); // momentum buffer = gradient
        opt.remapState(p, p.sparsify(SparsityPattern.fromFlatIndices(new int[] {1, 3, 5}, 2, 3)));
        assertEquals(3, opt.state(p).buffer().size(), "state per active position");
        opt.remapState(p, p.changePattern(SparsityPattern.fromFlatIndices(new int[] {0, 3, 5}, 2, 3)));
        assertArrayEquals(new float[] {0, 1, 1}, opt.state(p).buffer().toFloatArray(), "grown slot starts at zero");
        Map<String, Tensor> state = opt.stateDict();
        assertEquals(List.of(2, 3), List.of(state.get("momentum_buffer.0").dim(0), state.get("momentum_buffer.0").dim(1)));
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 1}, state.get("momentum_buffer.0").toFloatArray());
        // a dense optimizer takes the same state dict, and a sparse one gathers it back
        SGD again = new SGD(List.of(p), SgdConfig.of(0.1).withMomentum(0.9));
        again.loadStateDict(state);
        assertArrayEquals(new float[] {0, 1, 1}, again.state(p).buffer().toFloatArray());
        opt.remapState(p, p.densify());
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 1}, opt.state(p).buffer().toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 3.9f, 0, 5.9f}, p.data().toFloatArray(), 1e-6f);
    }

    @Test void moduleStateDictIsDenseAndLoadsIntoEitherForm() {
        Linear a = new Linear(4, 3, true, new Rng(1));
        boolean[] m = new boolean[12];
        m[0] = m[5] = m[11] = true;
        a.weight().sparsify(SparsityPattern.fromMask(m, 3, 4));
        Map<String, Tensor> state = a.stateDict();
        assertEquals(12, state.get("weight").size());
        Linear dense = new Linear(4, 3, true, new Rng(2));
        dense.loadStateDict(state, true);
        assertArrayEquals(state.get("weight").toFloatArray(), dense.weight().data().toFloatArray());
        Linear sparse = new Linear(4, 3, true, new Rng(3));
        sparse.weight().sparsify(SparsityPattern.fromMask(m, 3, 4));
        sparse.loadStateDict(state, true);
        assertArrayEquals(a.weight().data().toFloatArray(), sparse.weight().data().toFloatArray());
        // and the sparse layer computes what the dense one does
        Tensor x = Tensor.uniform(DType.F32, new Rng(4), -1, 1, 4, 5);
        assertArrayEquals(dense.forward(x).toFloatArray(), sparse.forward(x).toFloatArray(), 1e-6f);
    }

    @Test void misuseIsRejectedWithTheReason() {
        Parameter p = param();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> p.sparsify(SparsityPattern.fromFlatIndices(new int[] {1}, 3, 2))).getMessage().contains("3x2"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> p.sparsify(SparsityPattern.fromFlatIndices(new int[0], 2, 3))).getMessage().contains("no active"));
        assertThrows(IllegalStateException.class, () -> p.changePattern(SparsityPattern.fromFlatIndices(new int[] {1}, 2, 3)));
        Conv2d depthwise = new Conv2d(2, 2, 3, 1, 1, 2, false, new Rng(5));
        depthwise.weight().sparsify(SparsityPattern.fromFlatIndices(new int[] {0}, 2, 9));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> depthwise.forward(Tensor.zeros(2, 4, 4, 1))).getMessage().contains("grouped"));
        assertNull(p.denseGradient());
    }
}
