package org.sparsetrain.engine.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sparsetrain.engine.nn.Module;
import org.sparsetrain.engine.nn.Parameter;
import org.sparsetrain.engine.sparse.SparsityPattern;
import org.sparsetrain.engine.tensor.DType;
import org.sparsetrain.engine.tensor.Tensor;

/**
 * A trained model in its compact form, for sparse inference: a safetensors file where every sparse parameter is
 * stored as CSR, {@code <name>.values} (F32 {@code [nnz]}), {@code <name>.row_ptr} (I32 {@code [rows + 1]}) and
 * {@code <name>.col_idx} (I32 {@code [nnz]}), with its logical shape in the metadata key {@code sparse:<name>};
 * dense parameters and buffers are stored as they are. Size on disk is about {@code 8·nnz} bytes per sparse layer
 * against {@code 4·numel} dense. Written atomically with a SHA-256 of the tensors, checked on load.
 *
 * <p>{@link #load} makes each such parameter of the target model sparse with the stored pattern (whatever form it
 * had), so the model then runs the sparse kernels; every key and shape must match the model.
 */
public final class SparseModelFile {
    /** Metadata key and value that mark this format. */
    public static final String FORMAT_KEY = "format";
    public static final String FORMAT = "sparsetrain-sparse-model-1";
    private static final String SPARSE_PREFIX = "sparse:";
    private static final String VALUES = ".values", ROW_PTR = ".row_ptr", COL_IDX = ".col_idx";

    private SparseModelFile() {}

    /**
     * Writes {@code model}: its sparse parameters compact, the rest dense, plus {@code metadata} (for instance what
     * is needed to rebuild the model).
     *
     * @return the file's size in bytes
     */
    public static long save(Path file, Module model, Map<String, String> metadata) throws IOException {
        return save(file, model, Map.of(), metadata);
    }

    /**
     * Like {@link #save(Path, Module, Map)}, and also stores compactly the dense parameters named in
     * {@code masks} (a masked layer: its values at the pattern's positions; the rest must be zero and is dropped).
     */
    public static long save(Path file, Module model, Map<String, SparsityPattern> masks, Map<String, String> metadata)
            throws IOException {
        Map<String, Entry> entries = new TreeMap<>();
        Map<String, String> meta = new TreeMap<>(metadata);
        Map<String, Parameter> params = model.namedParameters();
        for (var e : model.stateDict().entrySet()) {
            Parameter p = params.get(e.getKey());
            SparsityPattern s = p == null ? null : p.isSparse() ? p.pattern() : masks.get(e.getKey());
            if (s != null) {
                Tensor v = Tensor.zeros(DType.F32, s.nnz());
                Tensor logical = e.getValue().to(DType.F32);
                s.gather(logical.floats(), logical.offset(), v.floats(), v.offset());
                entries.put(e.getKey() + VALUES, new Entry.Floating(v));
                entries.put(e.getKey() + ROW_PTR, new Entry.Int32(new int[] {s.rows() + 1}, s.rowPtr()));
                entries.put(e.getKey() + COL_IDX, new Entry.Int32(new int[] {s.nnz()}, s.colIdx()));
                meta.put(SPARSE_PREFIX + e.getKey(), Arrays.toString(p.shape().dims()));
            } else {
                entries.put(e.getKey(), new Entry.Floating(e.getValue()));
            }
        }
        meta.put(FORMAT_KEY, FORMAT);
        meta.put(Checkpoint.CHECKSUM_KEY, Checkpoint.checksum(entries));
        SafeTensors.write(file, entries, meta);
        return Files.size(file);
    }

    /** True when {@code file} is in this format (reads the header only as far as the safetensors reader does). */
    public static boolean isSparseModel(Path file) throws IOException {
        try {
            return FORMAT.equals(SafeTensors.read(file).metadata().get(FORMAT_KEY));
        } catch (SafeTensorsFormatException e) {
            return false;
        }
    }

    /**
     * Loads {@code file} into {@code model}: sparse entries make the matching parameters sparse with the stored
     * pattern and values, dense entries are copied. Nothing is changed unless every key and shape matches.
     *
     * @return the file's metadata
     * @throws IOException naming the file and what does not match
     */
    public static Map<String, String> load(Path file, Module model) throws IOException {
        SafeTensorsFile f;
        try {
            f = SafeTensors.read(file);
        } catch (SafeTensorsFormatException e) {
            throw new IOException("sparse model " + file + " is damaged or not a safetensors file: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(f.metadata().get(FORMAT_KEY))) {
            throw new IOException("sparse model " + file + " has format '" + f.metadata().get(FORMAT_KEY) + "', expected '"
                    + FORMAT + "' (a file written by SparseModelFile.save or 'sparsetrain train')");
        }
        String expected = f.metadata().get(Checkpoint.CHECKSUM_KEY);
        if (expected == null || !expected.equals(Checkpoint.checksum(f.entries()))) {
            throw new IOException("sparse model " + file + " fails its SHA-256 check: the file is damaged");
        }
        Map<String, Parameter> params = model.namedParameters();
        Map<String, Tensor> dense = new LinkedHashMap<>();
        Map<String, SparsityPattern> patterns = new LinkedHashMap<>();
        Map<String, Tensor> values = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (String name : model.stateDict().keySet()) {
            String shapeMeta = f.metadata().get(SPARSE_PREFIX + name);
            if (shapeMeta == null) {
                if (!f.contains(name)) errors.add("missing '" + name + "'");
                else dense.put(name, f.tensor(name));
                used.add(name);
                continue;
            }
            Parameter p = params.get(name);
            if (p == null) {
                errors.add("'" + name + "' is stored sparse but is a buffer of the model");
                continue;
            }
            if (!shapeMeta.equals(Arrays.toString(p.shape().dims()))) {
                errors.add("'" + name + "' has shape " + shapeMeta + " in the file, the model has " + p.shape());
                continue;
            }
            try {
                int rows = p.shape().dim(0), cols = p.shape().size() / rows;
                SparsityPattern s = SparsityPattern.fromCsr(rows, cols, f.ints(name + ROW_PTR), f.ints(name + COL_IDX));
                Tensor v = f.tensor(name + VALUES);
                if (v.size() != s.nnz()) throw new IllegalArgumentException("values has " + v.size() + " entries, nnz is " + s.nnz());
                patterns.put(name, s);
                values.put(name, v);
            } catch (IllegalArgumentException e) {
                errors.add("'" + name + "': " + e.getMessage());
            }
            used.addAll(List.of(name + VALUES, name + ROW_PTR, name + COL_IDX));
        }
        for (String k : f.entries().keySet()) if (!used.contains(k)) errors.add("unexpected '" + k + "'");
        if (errors.isEmpty()) {
            // shapes of dense entries are checked by loadStateDict below, before anything is written
            Map<String, Tensor> probe = new LinkedHashMap<>(model.stateDict());
            probe.putAll(dense);
            try {
                model.loadStateDict(probe, true);
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) throw new IOException("sparse model " + file + " does not fit the model: " + String.join("; ", errors));
        for (var e : patterns.entrySet()) {
            Parameter p = params.get(e.getKey());
            if (p.isSparse()) p.changePattern(e.getValue());
            else p.sparsify(e.getValue());
            p.data().copyFrom(values.get(e.getKey()).to(p.dtype()));
        }
        return Map.copyOf(f.metadata());
    }
}
