#!/usr/bin/env python3
"""Cuts the embedded Fashion-MNIST subset out of Debian's dataset-fashion-mnist package.

  apt-get install dataset-fashion-mnist
  python3 test-data/scripts/make_fashion_subset.py

Writes the first TRAIN training images and the first TEST test images (the files' own order, which is
already class-mixed) as gzip IDX files under test-data/src/main/resources/fashion-mnist-subset/, with the
licence note. Needs only the Python standard library. Deterministic: the gzip headers carry no time stamp.
"""
import gzip
import os
import struct

SRC = "/usr/share/datasets/fashion-mnist"
DST = os.path.join(os.path.dirname(__file__), "..", "src", "main", "resources", "fashion-mnist-subset")
TRAIN, TEST = 5000, 1000


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    rank = magic & 0xFF
    dims = list(struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank]))
    return dims, data[4 + 4 * rank:]


def write_idx(path, dims, payload):
    header = struct.pack(">I", 0x0800 | len(dims)) + struct.pack(">" + "I" * len(dims), *dims)
    with open(path, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
            f.write(header + payload)


def cut(prefix, count):
    dims, pixels = read_idx(os.path.join(SRC, f"{prefix}-images-idx3-ubyte.gz"))
    item = dims[1] * dims[2]
    write_idx(os.path.join(DST, f"{prefix}-images-idx3-ubyte.gz"), [count] + dims[1:], pixels[:count * item])
    ldims, labels = read_idx(os.path.join(SRC, f"{prefix}-labels-idx1-ubyte.gz"))
    write_idx(os.path.join(DST, f"{prefix}-labels-idx1-ubyte.gz"), [count], labels[:count])
    hist = [labels[:count].count(bytes([c])) for c in range(10)]
    print(f"{prefix}: {count} of {dims[0]} images, per class {hist}")


if __name__ == "__main__":
    os.makedirs(DST, exist_ok=True)
    cut("train", TRAIN)
    cut("t10k", TEST)
