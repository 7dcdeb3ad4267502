#!/usr/bin/env python3
"""Parameter counts of the model zoo, from PyTorch definitions that mirror models/ layer for layer.

  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 test-data/scripts/model_param_counts.py

The printed numbers are the expected values in models/src/test/.../ModelParameterCountTest.java.
Batch-norm running statistics are buffers, not parameters, as in PyTorch.
"""
import torch.nn as nn


def count(m):
    return sum(p.numel() for p in m.parameters())


def lenet300100(w=1.0):
    h1, h2 = round(300 * w), round(100 * w)
    return nn.Sequential(nn.Linear(784, h1), nn.ReLU(), nn.Linear(h1, h2), nn.ReLU(), nn.Linear(h2, 10))


def lenet5():
    return nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(20, 50, 5), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))


class PreAct(nn.Module):
    def __init__(self, i, o, s):
        super().__init__()
        self.bn1, self.conv1 = nn.BatchNorm2d(i), nn.Conv2d(i, o, 3, s, 1, bias=False)
        self.bn2, self.conv2 = nn.BatchNorm2d(o), nn.Conv2d(o, o, 3, 1, 1, bias=False)
        self.shortcut = nn.Conv2d(i, o, 1, s, bias=False) if (i != o or s != 1) else None


def wrn(depth, width, in_ch=3, classes=10):
    n = (depth - 4) // 6
    layers = [nn.Conv2d(in_ch, 16, 3, 1, 1, bias=False)]
    chans = [16, 16 * width, 32 * width, 64 * width]
    for g in range(3):
        for b in range(n):
            layers.append(PreAct(chans[g] if b == 0 else chans[g + 1], chans[g + 1], (1 if g == 0 else 2) if b == 0 else 1))
    layers += [nn.BatchNorm2d(chans[3]), nn.Linear(chans[3], classes)]
    return nn.Sequential(*layers)


class Basic(nn.Module):
    def __init__(self, i, o, s):
        super().__init__()
        self.c1, self.b1 = nn.Conv2d(i, o, 3, s, 1, bias=False), nn.BatchNorm2d(o)
        self.c2, self.b2 = nn.Conv2d(o, o, 3, 1, 1, bias=False), nn.BatchNorm2d(o)
        if i != o or s != 1:
            self.sc, self.sb = nn.Conv2d(i, o, 1, s, bias=False), nn.BatchNorm2d(o)


def small_resnet(n=3, w=16, in_ch=1, classes=10):
    layers = [nn.Conv2d(in_ch, w, 3, 1, 1, bias=False), nn.BatchNorm2d(w)]
    chans = [w, w, 2 * w, 4 * w]
    for g in range(3):
        for b in range(n):
            layers.append(Basic(chans[g] if b == 0 else chans[g + 1], chans[g + 1], (1 if g == 0 else 2) if b == 0 else 1))
    layers.append(nn.Linear(4 * w, classes))
    return nn.Sequential(*layers)


def mobilenet_v1(alpha=1.0, in_ch=3, classes=1000):
    blocks = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + [(512, 1)] * 5 + [(1024, 2), (1024, 1)]
    c = max(1, int(32 * alpha))
    layers = [nn.Conv2d(in_ch, c, 3, 2, 1, bias=False), nn.BatchNorm2d(c)]
    for o, s in blocks:
        o = max(1, int(o * alpha))
        layers += [nn.Conv2d(c, c, 3, s, 1, groups=c, bias=False), nn.BatchNorm2d(c),
                   nn.Conv2d(c, o, 1, bias=False), nn.BatchNorm2d(o)]
        c = o
    layers.append(nn.Linear(c, classes))
    return nn.Sequential(*layers)


if __name__ == "__main__":
    print("lenet300100", count(lenet300100()))
    print("lenet300100 x0.5", count(lenet300100(0.5)))
    print("lenet5", count(lenet5()))
    print("wrn-22-2", count(wrn(22, 2)))
    print("wrn-16-8", count(wrn(16, 8)))
    print("small-resnet20-mnist", count(small_resnet()))
    print("mobilenet-v1 1.0 imagenet", count(mobilenet_v1()))
    print("mobilenet-v1 0.5 cifar10", count(mobilenet_v1(0.5, 3, 10)))
