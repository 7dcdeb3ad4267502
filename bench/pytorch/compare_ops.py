#!/usr/bin/env python3
"""PyTorch CPU baseline for the op benchmarks in org.sparsetrain.bench.ops (not part of the test suite).

Times forward+backward of the same layers, shapes and thread counts as OpsBenchmark:
  linear 784->300 (batch 128) and conv2d 32->64 3x3 pad 1 on 14x14 (batch 128).
Run with Debian's PyTorch and its OpenMP OpenBLAS (otherwise the reference BLAS is ~15x slower):
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 bench/pytorch/compare_ops.py
Prints microseconds per forward+backward (median of repeated timed blocks, after warm-up).
"""
import statistics
import time

import torch


def fwd_bwd(module, x):
    def step():
        module.zero_grad(set_to_none=False)
        if x.grad is not None:
            x.grad.zero_()
        y = module(x)
        y.backward(torch.ones_like(y))
    return step


def time_us(fn, warmup_s=2.0, block_s=0.5, blocks=9):
    end = time.perf_counter() + warmup_s
    while time.perf_counter() < end:
        fn()
    medians = []
    for _ in range(blocks):
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < block_s:
            fn()
            n += 1
        medians.append((time.perf_counter() - t0) / n * 1e6)
    return statistics.median(medians), min(medians), max(medians)


def main():
    torch.manual_seed(1)
    cases = {
        "linear 784->300 fwd+bwd (B=128)": (torch.nn.Linear(784, 300), torch.randn(128, 784, requires_grad=True)),
        "conv2d 32->64 3x3 p1 14x14 fwd+bwd (B=128)": (
            torch.nn.Conv2d(32, 64, 3, padding=1), torch.randn(128, 32, 14, 14, requires_grad=True)),
    }
    print(f"torch {torch.__version__}, BLAS config: {torch.__config__.parallel_info().splitlines()[0]}")
    for threads in (1, 2):
        torch.set_num_threads(threads)
        for name, (module, x) in cases.items():
            med, lo, hi = time_us(fwd_bwd(module, x))
            print(f"threads={threads}  {name}: {med:9.1f} us  [{lo:.1f} .. {hi:.1f}]")


if __name__ == "__main__":
    main()
