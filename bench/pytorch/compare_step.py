#!/usr/bin/env python3
"""PyTorch CPU baseline for org.sparsetrain.bench.step.TrainingStepBenchmark (not part of the test suite).

Times one whole training step on a fixed synthetic batch of 128, as StepRig does: zero_grad, forward,
cross-entropy with label smoothing 0.1, backward, SGD (lr 0.01, momentum 0.9, weight decay 5e-4).
Models: lenet300100 (784-300-100-10) and lenet5 (Caffe: conv 1->20 5x5, pool, conv 20->50 5x5, pool, 800-500-10).
Modes:
  dense         plain training;
  masked:D      what rigl-torch runs: a 0/1 mask per sparsifiable weight at uniform density D (all Linear and
                Conv weights except LeNet-5's first convolution), gradients masked before the step and weights
                after it, and every 100 steps a RigL update instead of the optimizer step (drop the 30 % smallest
                |w|, grow as many of the largest |grad| among inactive positions, new weights and momentum zero).
Run with Debian's PyTorch and its OpenMP OpenBLAS (otherwise the reference BLAS is ~15x slower):
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 bench/pytorch/compare_step.py
Prints microseconds per step (median of timed blocks after warm-up, [min .. max]).
"""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F

from compare_ops import time_us  # same timing method as the op comparison (the script's folder is on sys.path)

BATCH = 128
DELTA_T = 100
ALPHA = 0.3


def lenet300100():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU(),
                         nn.Linear(100, 10))


def lenet5():
    return nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(20, 50, 5), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))


MODELS = {"lenet300100": lenet300100, "lenet5": lenet5}


class MaskedRigL:
    """Dense weights times a mask, as rigl-torch keeps them; topology update every DELTA_T steps."""

    def __init__(self, model, optimizer, density):
        layers = [m for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d))]
        if isinstance(layers[0], nn.Conv2d):
            layers = layers[1:]  # the first convolution stays dense, as in the reference
        self.weights, self.optimizer, self.masks = [m.weight for m in layers], optimizer, []
        for w in self.weights:
            n = w.numel()
            keep = max(1, round(density * n))
            mask = torch.zeros(n)
            mask[torch.randperm(n)[:keep]] = 1
            self.masks.append(mask.view_as(w))
            with torch.no_grad():
                w.mul_(self.masks[-1])
        self.calls = 0

    def step(self):
        """After backward: returns whether the optimizer step follows (False on an update iteration)."""
        self.calls += 1
        if self.calls % DELTA_T == 0:
            self.update()
            return False
        for w, m in zip(self.weights, self.masks):
            w.grad.mul_(m)
        return True

    def after_step(self):
        with torch.no_grad():
            for w, m in zip(self.weights, self.masks):
                w.mul_(m)

    @torch.no_grad()
    def update(self):
        for w, m in zip(self.weights, self.masks):
            flat_m, flat_w, flat_g = m.view(-1), w.view(-1), w.grad.view(-1)
            active = int(flat_m.sum().item())
            k = round(ALPHA * active)
            if k == 0:
                continue
            score_drop = torch.where(flat_m > 0, flat_w.abs(), torch.full_like(flat_w, float("inf")))
            drop = torch.topk(score_drop, k, largest=False).indices
            flat_m[drop] = 0
            # grow among the positions inactive after the drop (just-dropped ones may regrow, as in the reference)
            score_grow = torch.where(flat_m > 0, torch.full_like(flat_g, -float("inf")), flat_g.abs())
            grow = torch.topk(score_grow, k).indices
            flat_m[grow] = 1
            flat_w.mul_(flat_m)
            flat_w[grow] = 0
            buf = self.optimizer.state[w].get("momentum_buffer")
            if buf is not None:
                buf.view(-1)[drop] = 0
                buf.view(-1)[grow] = 0

    def check(self):
        for w, m in zip(self.weights, self.masks):
            assert torch.all(w[m == 0] == 0), "an inactive weight is nonzero"


def make_step(model_name, mode):
    torch.manual_seed(7)
    model = MODELS[model_name]()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(BATCH, 1, 28, 28)
    y = torch.randint(0, 10, (BATCH,))
    rigl = None if mode == "dense" else MaskedRigL(model, opt, float(mode.split(":")[1]))
    nnz = None if rigl is None else [int(m.sum().item()) for m in rigl.masks]

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y, label_smoothing=0.1)
        loss.backward()
        if rigl is None:
            opt.step()
        elif rigl.step():
            opt.step()
            rigl.after_step()

    def check():
        if rigl is not None:
            rigl.check()
            assert nnz == [int(m.sum().item()) for m in rigl.masks], "active count changed across updates"
    return step, check


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default="lenet300100,lenet5")
    ap.add_argument("--modes", default="dense,masked:0.1,masked:0.01")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--quick", action="store_true", help="short smoke run (timings meaningless)")
    a = ap.parse_args()
    warm, block, blocks = (0.2, 0.1, 3) if a.quick else (2.0, 0.5, 9)
    print(f"torch {torch.__version__}, {torch.__config__.parallel_info().splitlines()[0]}")
    for threads in [int(t) for t in a.threads.split(",")]:
        torch.set_num_threads(threads)
        for model_name in a.models.split(","):
            for mode in a.modes.split(","):
                step, check = make_step(model_name, mode)
                med, lo, hi = time_us(step, warm, block, blocks)
                check()
                print(f"threads={threads}  {model_name:12s} {mode:12s} {med:9.1f} us/step  [{lo:.1f} .. {hi:.1f}]",
                      flush=True)


if __name__ == "__main__":
    main()
