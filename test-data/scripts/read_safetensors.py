#!/usr/bin/env python3
"""A plain safetensors reader with numpy only (no `safetensors` package): the cross-check that our
checkpoints are ordinary safetensors files any reader understands.

  /usr/bin/python3 test-data/scripts/read_safetensors.py FILE            # summary per tensor
  /usr/bin/python3 test-data/scripts/read_safetensors.py FILE --values   # every value as float.hex(), exact

Format: 8-byte little-endian header length N, N bytes of JSON header {name: {dtype, shape, data_offsets}},
optional "__metadata__", then the raw little-endian data.
"""
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": "<f4", "F64": "<f8", "I32": "<i4", "I64": "<i8", "F16": "<f2", "U8": "u1"}


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    base = 8 + n
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        arr = np.frombuffer(data[base + begin:base + end], dtype=np.dtype(DTYPES[info["dtype"]]))
        tensors[name] = arr.reshape(info["shape"])
    return tensors, meta


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    tensors, meta = read(sys.argv[1])
    values = "--values" in sys.argv[2:]
    for name in sorted(tensors):
        t = tensors[name]
        if values:
            print(name, " ".join(float(x).hex() for x in t.ravel()))
        else:
            print(f"{name} {t.dtype} {list(t.shape)} sum={float(t.astype(np.float64).sum()):.6g}")
    if not values:
        print("metadata:", ", ".join(sorted(meta)))


if __name__ == "__main__":
    main()
