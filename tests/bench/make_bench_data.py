#!/usr/bin/python3
"""Writes the two checkpoints `make bench` measures, once: a file that exists is kept as it is.

Run with Debian's /usr/bin/python3 (it has torch). The folder is BENCH_DATA, or the first argument,
or build/bench-data/.

- big2g.pth: 24 blocks of five 2048x2048 float32 matrices plus a norm (weight, bias), 2.0 GB.
  Enough bytes that reading tensor data would dominate anything else.
- big2g_b.pth: big2g.pth with every other tensor (in key order) moved by 1e-3 * randn: the second
  file of the diff row, two 2 GB checkpoints that differ in half their tensors.
- k30.pth: 5,000 experts of six 4-element float32 tensors, 30,000 keys and almost no bytes, so
  that per-key costs dominate.

Each file is written into a temporary folder beside the target and renamed into place, so an
interrupted run never leaves a half-written file that a later run would reuse. torch.save names the
zip's record prefix after the file name, so the temporary file already has the final name.
"""

import os
import shutil
import sys
import tempfile
from collections import OrderedDict


def big2g():
    import torch
    g = torch.Generator().manual_seed(6)
    sd = OrderedDict()
    for b in range(24):
        for m in range(5):
            sd[f"blocks.{b}.mat{m}.weight"] = torch.randn(2048, 2048, generator=g)
        sd[f"blocks.{b}.norm.weight"] = torch.ones(2048)
        sd[f"blocks.{b}.norm.bias"] = torch.zeros(2048)
    return sd


def big2g_b():
    import torch
    g = torch.Generator().manual_seed(7)
    sd = big2g()
    for i, key in enumerate(sd):
        if i % 2:
            sd[key] = sd[key] + 1e-3 * torch.randn(sd[key].shape, generator=g)
    return sd


def k30():
    import torch
    sd = OrderedDict()
    for e in range(5000):
        for w in range(6):
            sd[f"experts.{e}.w{w}"] = torch.zeros(4)
    return sd


FILES = {"big2g.pth": big2g, "big2g_b.pth": big2g_b, "k30.pth": k30}


def main():
    folder = os.environ.get("BENCH_DATA") or (sys.argv[1] if len(sys.argv) > 1 else "build/bench-data")
    os.makedirs(folder, exist_ok=True)
    for name, make in FILES.items():
        target = os.path.join(folder, name)
        if os.path.exists(target):
            print(f"{target}: cached")
            continue
        import torch
        tmp = tempfile.mkdtemp(prefix=".make-", dir=folder)
        try:
            path = os.path.join(tmp, name)
            torch.save(make(), path)
            os.replace(path, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"{target}: written, {os.path.getsize(target) / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
