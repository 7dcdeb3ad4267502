#!/usr/bin/env python3
"""Golden values from PyTorch for the engine's golden tests.

Every case is computed in float64 with fixed seeds and written as one safetensors file under
test-data/src/main/resources/golden/. Tensors are stored in PyTorch's own batch-major layout
(x is [N, features] or [N, C, H, W]); the Java tests convert them to the engine's feature-major layout.
The op's parameters go into the file's __metadata__ (all values are strings, as the format requires).

The safetensors files are written by hand (numpy + struct + json) so that the script needs nothing
beyond torch and numpy, and so that the exact byte layout is visible here:
  8-byte little-endian header length, JSON header (keys sorted, "__metadata__" first, padded with
  spaces to a multiple of 8 bytes), then the raw little-endian data of each tensor in key order.

Run from the repository root:
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 test-data/scripts/make_golden.py
"""
import json
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources", "golden")

DTYPES = {
    np.dtype("<f4"): "F32",
    np.dtype("<f8"): "F64",
    np.dtype("<i4"): "I32",
    np.dtype("<i8"): "I64",
}


def write_safetensors(path, tensors, metadata):
    """tensors: name -> numpy array (F32/F64/I32/I64); metadata: name -> str."""
    header = {"__metadata__": {k: str(v) for k, v in sorted(metadata.items())}}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        arr = np.array(tensors[name], order="C")  # not ascontiguousarray: it turns a 0-d scalar into shape [1]
        arr = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
        dtype = DTYPES.get(arr.dtype)
        if dtype is None:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {arr.dtype}")
        data = arr.tobytes(order="C")
        header[name] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def np64(t):
    return t.detach().cpu().numpy().astype(np.float64)


def leaf(t):
    return t.detach().clone().requires_grad_(True)


def save(name, op, tensors, **params):
    meta = {"op": op, "torch": torch.__version__, "layout": "pytorch batch-major"}
    meta.update({k: str(v) for k, v in params.items()})
    arrays = {k: (v if isinstance(v, np.ndarray) else np64(v)) for k, v in tensors.items()}
    write_safetensors(os.path.join(OUT_DIR, name + ".safetensors"), arrays, meta)
    return name


def linear_case():
    g = torch.Generator().manual_seed(1)
    n, fin, fout = 5, 7, 3
    x = leaf(torch.randn(n, fin, generator=g, dtype=torch.float64))
    w = leaf(torch.randn(fout, fin, generator=g, dtype=torch.float64) / fin ** 0.5)
    b = leaf(torch.randn(fout, generator=g, dtype=torch.float64))
    gy = torch.randn(n, fout, generator=g, dtype=torch.float64)
    y = F.linear(x, w, b)
    y.backward(gy)
    return save("linear", "linear", dict(x=x, w=w, b=b, gy=gy, y=y, gx=x.grad, gw=w.grad, gb=b.grad), seed=1)


CONV_CASES = [
    # name,                            N, C, H, W, Co, kH, kW, stride, padding, groups, bias
    ("conv2d_k3_s1_p0_g1_bias",        2, 3, 5, 6, 4, 3, 3, 1, 0, 1, True),
    ("conv2d_k3_s2_p1_g1_nobias",      3, 2, 7, 5, 3, 3, 3, 2, 1, 1, False),
    ("conv2d_k5_s1_p2_g2_bias",        2, 4, 6, 5, 6, 5, 5, 1, 2, 2, True),
    ("conv2d_k3_s2_p1_depthwise_bias", 2, 4, 6, 7, 4, 3, 3, 2, 1, 4, True),
    ("conv2d_k3_s1_p1_g4_mult2_nobias", 2, 4, 5, 4, 8, 3, 3, 1, 1, 4, False),
    ("conv2d_k1_s2_p0_g1_nobias",      3, 3, 6, 5, 5, 1, 1, 2, 0, 1, False),
    ("conv2d_k2x3_s2_p1_g1_bias",      2, 2, 5, 7, 3, 2, 3, 2, 1, 1, True),
]


def conv_cases(seed0=100):
    names = []
    for i, (name, n, c, h, w_, co, kh, kw, stride, padding, groups, bias) in enumerate(CONV_CASES):
        g = torch.Generator().manual_seed(seed0 + i)
        x = leaf(torch.randn(n, c, h, w_, generator=g, dtype=torch.float64))
        w = leaf(torch.randn(co, c // groups, kh, kw, generator=g, dtype=torch.float64))
        b = leaf(torch.randn(co, generator=g, dtype=torch.float64)) if bias else None
        y = F.conv2d(x, w, b, stride=stride, padding=padding, groups=groups)
        gy = torch.randn(y.shape, generator=g, dtype=torch.float64)
        y.backward(gy)
        t = dict(x=x, w=w, gy=gy, y=y, gx=x.grad, gw=w.grad)
        if bias:
            t.update(b=b, gb=b.grad)
        names.append(save(name, "conv2d", t, seed=seed0 + i, stride=stride, padding=padding, groups=groups,
                          bias=str(bias).lower(), kernel=f"{kh}x{kw}"))
    return names


def batchnorm_cases():
    momentum, eps = 0.1, 1e-5
    n, c, h, w_ = 4, 3, 3, 5
    g = torch.Generator().manual_seed(200)
    x0 = torch.randn(n, c, h, w_, generator=g, dtype=torch.float64) * 2 + 0.5
    gamma0 = torch.rand(c, generator=g, dtype=torch.float64) + 0.5
    beta0 = torch.randn(c, generator=g, dtype=torch.float64)
    rm0 = torch.randn(c, generator=g, dtype=torch.float64) * 0.3
    rv0 = torch.rand(c, generator=g, dtype=torch.float64) + 0.5
    gy = torch.randn(n, c, h, w_, generator=g, dtype=torch.float64)

    names = []
    for training in (True, False):
        x, gamma, beta = leaf(x0), leaf(gamma0), leaf(beta0)
        rm, rv = rm0.clone(), rv0.clone()
        y = F.batch_norm(x, rm, rv, gamma, beta, training=training, momentum=momentum, eps=eps)
        y.backward(gy)
        t = dict(x=x, gamma=gamma, beta=beta, running_mean_in=rm0, running_var_in=rv0, gy=gy,
                 y=y, gx=x.grad, ggamma=gamma.grad, gbeta=beta.grad,
                 running_mean_out=rm, running_var_out=rv)
        name = "batchnorm2d_train" if training else "batchnorm2d_eval"
        names.append(save(name, "batch_norm", t, seed=200, training=str(training).lower(), momentum=momentum, eps=eps,
                          running_var="unbiased batch variance in training"))
    return names


POOL_CASES = [
    # name,                 kind,  N, C, H, W, kernel, stride, padding
    ("maxpool2d_k3_s2_p1", "max", 2, 3, 7, 6, 3, 2, 1),
    ("maxpool2d_k2_s2_p0", "max", 2, 2, 6, 5, 2, 2, 0),
    ("maxpool2d_k3_s1_p1", "max", 1, 2, 4, 5, 3, 1, 1),
    ("avgpool2d_k3_s2_p1", "avg", 2, 3, 7, 6, 3, 2, 1),
    ("avgpool2d_k2_s2_p0", "avg", 2, 2, 6, 5, 2, 2, 0),
]


def pool_cases(seed0=300):
    names = []
    for i, (name, kind, n, c, h, w_, k, stride, padding) in enumerate(POOL_CASES):
        g = torch.Generator().manual_seed(seed0 + i)
        # A permutation of distinct values, so a max window never has a tie (PyTorch and we could pick differently).
        numel = n * c * h * w_
        x = leaf((torch.randperm(numel, generator=g).to(torch.float64) / numel - 0.5).reshape(n, c, h, w_))
        if kind == "max":
            y = F.max_pool2d(x, k, stride, padding)
        else:
            y = F.avg_pool2d(x, k, stride, padding, count_include_pad=True)
        gy = torch.randn(y.shape, generator=g, dtype=torch.float64)
        y.backward(gy)
        extra = {} if kind == "max" else {"count_include_pad": "true"}
        names.append(save(name, kind + "_pool2d", dict(x=x, gy=gy, y=y, gx=x.grad), seed=seed0 + i, kernel=k, stride=stride,
                          padding=padding, ceil_mode="false", **extra))
    return names


def global_avgpool_case():
    g = torch.Generator().manual_seed(400)
    x = leaf(torch.randn(3, 4, 5, 3, generator=g, dtype=torch.float64))
    y = F.adaptive_avg_pool2d(x, 1).flatten(1)  # [N, C]
    gy = torch.randn(y.shape, generator=g, dtype=torch.float64)
    y.backward(gy)
    return save("global_avgpool", "adaptive_avg_pool2d", dict(x=x, gy=gy, y=y, gx=x.grad), seed=400, output_size="1",
                note="y is adaptive_avg_pool2d(x, 1) flattened to [N, C]")


def log_softmax_case():
    g = torch.Generator().manual_seed(500)
    x0 = torch.randn(5, 7, generator=g, dtype=torch.float64) * 3
    x0[2] += 40.0  # large logits: a naive exp would lose everything in float32
    x = leaf(x0)
    y = F.log_softmax(x, dim=1)
    gy = torch.randn(y.shape, generator=g, dtype=torch.float64)
    y.backward(gy)
    return save("log_softmax", "log_softmax", dict(x=x, gy=gy, y=y, gx=x.grad), seed=500, dim="classes (1 in PyTorch layout)")


def cross_entropy_cases():
    names = []
    for smoothing, tag in ((0.0, "ls0"), (0.1, "ls0.1")):
        g = torch.Generator().manual_seed(600)
        n, classes = 6, 5
        logits = leaf(torch.randn(n, classes, generator=g, dtype=torch.float64) * 2)
        labels = torch.randint(0, classes, (n,), generator=g)
        loss = F.cross_entropy(logits, labels, reduction="mean", label_smoothing=smoothing)
        loss.backward()
        names.append(save("cross_entropy_" + tag, "cross_entropy",
                          dict(logits=logits, labels=labels.numpy().astype(np.int64), loss=loss,
                               glogits=logits.grad),
                          seed=600, label_smoothing=smoothing, reduction="mean"))
    return names


def dtypes_case():
    """One entry of each dtype the Java reader supports, for its own tests (not an op)."""
    t = {
        "f32_matrix": np.arange(6, dtype=np.float32).reshape(2, 3) * np.float32(0.5) - np.float32(1),
        "f64_scalar": np.array(np.pi, dtype=np.float64),
        "i32_vector": np.array([1, -2, 2147483647, -2147483648], dtype=np.int32),
        "i64_matrix": np.array([[1, -1], [2 ** 40, -(2 ** 62)]], dtype=np.int64),
    }
    write_safetensors(os.path.join(OUT_DIR, "dtypes.safetensors"), t,
                      {"purpose": "reader test", "unicode": "caf\u00e9 \u2713", "quote": 'say "hi"\\'})
    return "dtypes"


def main():
    torch.use_deterministic_algorithms(True)
    os.makedirs(OUT_DIR, exist_ok=True)
    names = [linear_case(), *conv_cases(), *batchnorm_cases(), *pool_cases(), global_avgpool_case(),
             log_softmax_case(), *cross_entropy_cases(), dtypes_case()]
    for name in names:
        path = os.path.join(OUT_DIR, name + ".safetensors")
        print(f"{os.path.getsize(path):7d}  {os.path.relpath(path)}")


if __name__ == "__main__":
    main()
